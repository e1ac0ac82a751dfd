import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openMarkFile } from '../../../apps/hub/src/db/high-water-mark.ts';
import { monotonicMs, summarize } from './stats.ts';

/**
 * The physical limit of a durable write on this disk: one small row per transaction, WAL with
 * synchronous = FULL (the hub's settings), one after another, in the folder the hub's database lives in.
 */
export function bareDurableCommits(dir: string, count: number) {
  const db = new Database(join(dir, `bare-commit-${process.pid}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO rows (at, payload) VALUES (?, ?)');
  const payload = 'x'.repeat(300);
  const latencies: number[] = [];
  const t0 = monotonicMs();
  for (let i = 0; i < count; i += 1) {
    const start = monotonicMs();
    insert.run(Date.now(), payload);
    latencies.push(monotonicMs() - start);
  }
  const elapsed = monotonicMs() - t0;
  db.close();
  return { latencies, perSecond: (count / elapsed) * 1000, summary: summarize(latencies) };
}

/**
 * The high-water mark's own cost, without sockets or the queue: durable one-row commits with and without the
 * mark's write + fdatasync after each, alternated in rounds so that a change in the machine's load weighs on
 * both. This is the cost per committed batch; per command it is smaller by the batch's size.
 */
export function markedCommits(dir: string, perRound: number, rounds: number) {
  const db = new Database(join(dir, `marked-commit-${process.pid}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO rows (at, payload) VALUES (?, ?)');
  const mark = openMarkFile(join(dir, `marked-commit-${process.pid}.mark`));
  const payload = 'x'.repeat(300);
  const plain: number[] = [];
  const marked: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const withMark of [false, true]) {
      const t0 = monotonicMs();
      for (let i = 0; i < perRound; i += 1) {
        const row = insert.run(Date.now(), payload);
        if (withMark) {
          mark.write({
            eventId: Number(row.lastInsertRowid),
            hash: '0'.repeat(64),
            hallSeq: Number(row.lastInsertRowid),
            businessDay: '2026-11-28',
            lastSequence: { 'social-security': i, 'medical-insurance': i, 'housing-fund': i, tax: i },
          });
        }
      }
      (withMark ? marked : plain).push((perRound / (monotonicMs() - t0)) * 1000);
    }
  }
  mark.close();
  db.close();
  const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  return { plainPerSecond: mean(plain), markedPerSecond: mean(marked), plain, marked };
}
