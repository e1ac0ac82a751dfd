/**
 * Start-up must not read history it does not need: with a year in the file (about 1 GB), anything that scans or
 * sorts the tickets or the event log makes the hub slower to listen with every day it has run. Each statement
 * the hub runs while starting is recorded with its arguments and its query plan is checked: a search in an
 * index, never a scan or a sort of the history tables. (The time itself, on a generated 1 GB year, is in
 * scripts/bench/startup.bench.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, DEFAULT_SOCKET_SETTINGS } from './create-hub.ts';
import { type HubDatabase, openDatabase } from './db/open-database.ts';
import { seedHall } from './seed.ts';
import { testHall } from './testing/test-hall.ts';
import { HALL_MORNING } from './testing/test-hub.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Executed {
  readonly sql: string;
  readonly args: readonly unknown[];
}

/** Records every statement run through `db` (not merely prepared) while `during` runs. */
async function recordStatements(db: HubDatabase, during: () => Promise<void>): Promise<Executed[]> {
  const executed: Executed[] = [];
  const prepare = db.prepare.bind(db);
  const recordingPrepare = (sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          executed.push({ sql, args });
          return original(...args);
        },
      });
    }
    return statement;
  };
  db.prepare = recordingPrepare as HubDatabase['prepare'];
  try {
    await during();
  } finally {
    db.prepare = prepare;
  }
  return executed;
}

/** Some history: finished tickets over many days and their call events. */
function writeHistory(db: HubDatabase): void {
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
    INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
      queued_at, window_id, call_count, started_at, ended_at, transfer_count)
    SELECT 'h' || i, 'A' || i, '2026-10-' || printf('%02d', 1 + i % 28), 'svc-' || (1 + i % 2), 'svc-1', 'normal',
      'done', i * 1000, i * 1000, 'w1', 1, i * 1000 + 10, i * 1000 + 300000, 0 FROM n;
  `);
}

describe('start-up', () => {
  it('reads the history through indexes only: no scan or sort of tickets or events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-startup-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'hallq.db'));
    seedHall(db, testHall({ services: 2, windows: 2 }));
    writeHistory(db);
    let close: () => Promise<void> = async () => {};
    const executed = await recordStatements(db, async () => {
      const hub = createHub({
        db,
        clock: () => HALL_MORNING,
        logger: pino({ level: 'silent' }),
        identityKey: Buffer.alloc(32, 7),
        config: {
          host: '127.0.0.1',
          port: 0,
          tls: null,
          webApps: [],
          socket: DEFAULT_SOCKET_SETTINGS,
          tickMs: 0,
          backup: null,
          identityRetentionDays: 180,
          markFile: join(dir, 'hallq.mark'),
        },
      });
      await hub.listen();
      close = () => hub.close();
    });
    await close();
    const reads = executed.filter(
      (e) => /^\s*(SELECT|WITH)/i.test(e.sql) && /\b(tickets|events)\b/.test(e.sql),
    );
    expect(reads.length).toBeGreaterThan(3);
    const problems = reads.flatMap((e) => {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${e.sql}`)
        .all(...e.args)
        .map((row) => (row as { detail: string }).detail);
      // A walk back along the primary key that stops at the first row (the log's tail) reads one row.
      const tailOnly = /ORDER BY id DESC LIMIT 1$/.test(e.sql.trim());
      const bad = plan.filter(
        (line) => (/^SCAN (tickets|events)\b/.test(line) && !tailOnly) || /USE TEMP B-TREE/.test(line),
      );
      return bad.length > 0 ? [`${e.sql.replace(/\s+/g, ' ').trim()}\n    ${bad.join(' | ')}`] : [];
    });
    expect(problems).toEqual([]);
    db.close();
  });
});
