import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { createPartitions, monthOf } from './partitions.ts';
import { openPool } from './pool.ts';

const logger = pino({ level: 'silent' });

describe('the centre schema', () => {
  let pool: ReturnType<typeof openPool>;
  beforeAll(async () => {
    pool = openPool(await testDatabase('schema'), logger);
  });
  afterAll(() => pool.end());

  it('migrates forward once, and a second start changes nothing', async () => {
    expect(await migrate(pool)).toBe(MIGRATIONS.length);
    expect(await migrate(pool)).toBe(MIGRATIONS.length);
    const tables = await pool.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['chain_alerts', 'events', 'hall_cursors', 'halls', 'schema_version']),
    );
  });

  it('refuses a database newer than the centre', async () => {
    await expect(migrate(pool, MIGRATIONS.slice(0, 0))).rejects.toThrow(/newer than this centre/);
  });

  it('creates a month partition when the first entry of the month arrives, and routes rows to it', async () => {
    const partitions = createPartitions(pool);
    const nov = Date.UTC(2026, 10, 28, 2);
    const dec = Date.UTC(2026, 11, 1, 0, 0, 0, 1);
    await partitions.ensureFor([nov, dec, nov]);
    expect(await partitions.list()).toEqual(['events_2026_11', 'events_2026_12']);
    // Two centres at once: both find the month there, neither fails.
    await Promise.all([createPartitions(pool).ensureFor([nov]), createPartitions(pool).ensureFor([nov])]);
    await pool.query(
      `INSERT INTO halls (hall_id, name, region, credential_hash) VALUES ('h1', 'H', 'R', 'x')`,
    );
    for (const [id, at] of [
      [1, nov],
      [2, dec],
    ] as const) {
      await pool.query(
        `INSERT INTO events (hall_id, entry_id, at, type, actor_kind, payload, prev_hash, hash)
         VALUES ('h1', $1, timestamptz 'epoch' + $2 * interval '1 millisecond', 't', 'system', '{}', '', '')`,
        [id, at],
      );
    }
    const where = await pool.query<{ part: string; entry_id: number }>(
      'SELECT tableoid::regclass::text AS part, entry_id FROM events ORDER BY entry_id',
    );
    expect(where.rows).toEqual([
      { part: 'events_2026_11', entry_id: 1 },
      { part: 'events_2026_12', entry_id: 2 },
    ]);
    expect(monthOf(dec)).toBe('2026_12');
    // A month without a partition is refused rather than stored somewhere unexpected.
    await expect(
      pool.query(
        `INSERT INTO events (hall_id, entry_id, at, type, actor_kind, payload, prev_hash, hash)
         VALUES ('h1', 3, '2030-01-01', 't', 'system', '{}', '', '')`,
      ),
    ).rejects.toThrow(/no partition/);
  });
});
