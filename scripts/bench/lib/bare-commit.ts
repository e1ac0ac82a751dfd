import { join } from 'node:path';
import Database from 'better-sqlite3';
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
