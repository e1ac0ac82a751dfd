import { entryHash, GENESIS_HASH } from '@hallq/hub/event-log';
import type { CentralLogEntry } from '@hallq/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate.ts';
import { createPartitions } from '../db/partitions.ts';
import { openPool } from '../db/pool.ts';
import { testDatabase } from '../testing/database.ts';
import { copyEvents, eventsCopyText } from './copy-rows.ts';

describe('raw events by COPY', () => {
  let pool: ReturnType<typeof openPool>;
  beforeAll(async () => {
    pool = openPool(await testDatabase('copy'), pino({ level: 'silent' }));
    await migrate(pool);
  });
  afterAll(() => pool.end());

  it('stores every character of a payload as the hub hashed it', async () => {
    const at = Date.UTC(2026, 10, 28, 2, 3, 4, 567);
    const payloads = [
      '{"note":"a\\\\b\\tc\\nd\\re \\"q\\" 张*三 \\u0000"}',
      'tab\there\nnewline\rcr\\N\\',
      '\\N',
    ];
    let prevHash = GENESIS_HASH;
    const entries: CentralLogEntry[] = payloads.map((payload, i) => {
      const base = {
        id: i + 1,
        hallSeq: null,
        at: at + i,
        type: 't',
        actorKind: 'user',
        actorId: i === 0 ? null : 'u\t1',
        deviceId: null,
        payload,
        prevHash,
      };
      prevHash = entryHash(base);
      return { ...base, hash: prevHash };
    });
    await createPartitions(pool).ensureFor([at]);
    const client = await pool.connect();
    try {
      await copyEvents(client, 'h\\1', entries);
    } finally {
      client.release();
    }
    const rows = await pool.query<{ hall_id: string; payload: string; actor_id: string | null; ms: number }>(
      `SELECT hall_id, payload, actor_id, (extract(epoch FROM at) * 1000)::bigint AS ms FROM events ORDER BY entry_id`,
    );
    expect(rows.rows).toEqual(
      entries.map((e) => ({ hall_id: 'h\\1', payload: e.payload, actor_id: e.actorId, ms: e.at })),
    );
  });
});

describe('the COPY text', () => {
  it('writes each instant as toISOString does, across days, months, years and a leap day', () => {
    const instants = [
      0,
      999,
      Date.UTC(2024, 1, 28, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 0, 0, 0, 0),
      Date.UTC(2024, 1, 29, 13, 7, 5, 42),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 1),
      Date.UTC(2026, 11, 7, 9, 30, 0, 0),
    ];
    const entries: CentralLogEntry[] = instants.map((at, i) => ({
      id: i + 1,
      hallSeq: null,
      at,
      type: 't',
      actorKind: 'system',
      actorId: null,
      deviceId: null,
      payload: '{}',
      prevHash: GENESIS_HASH,
      hash: GENESIS_HASH,
    }));
    const written = eventsCopyText('h1', entries)
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t')[3]);
    expect(written).toEqual(instants.map((at) => new Date(at).toISOString()));
  });
});
