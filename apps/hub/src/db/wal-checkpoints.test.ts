import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommitBatcher } from './commit-batcher.ts';
import { type HubDatabase, openDatabase } from './open-database.ts';
import { createWalCheckpoints } from './wal-checkpoints.ts';

const dirs: string[] = [];
const open: HubDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A hall database with its batcher wired as the hub wires it, and a clock the test moves. */
function hallDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-wal-'));
  dirs.push(dir);
  const file = join(dir, 'hallq.db');
  const db = openDatabase(file);
  open.push(db);
  db.exec('CREATE TABLE rows (body BLOB NOT NULL)');
  let now = 0;
  const checkpoints = createWalCheckpoints(db, {
    minIntervalMs: 250,
    now: () => now,
    logger: pino({ level: 'silent' }),
  });
  const events: string[] = [];
  const batch = createCommitBatcher(db, {
    logger: pino({ level: 'silent' }),
    onRollback: () => {},
    onAnswered: checkpoints.afterBatch,
  });
  const insert = db.prepare<[Buffer]>('INSERT INTO rows (body) VALUES (?)');
  /** One batch of `pages` rows of 4 KiB, committed and answered. */
  const commitBatch = async (pages: number) => {
    batch.join();
    for (let i = 0; i < pages; i += 1) insert.run(Buffer.alloc(4096, i % 251));
    batch.afterCommit(() => events.push('answered'));
    await batch.settled();
  };
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    db,
    file,
    batch,
    commitBatch,
    nextTurn,
    events,
    advance: (ms: number) => {
      now += ms;
    },
    dbSize: () => statSync(file).size,
  };
}

describe('WAL checkpoints between batches', () => {
  it('never copies the WAL inside a commit: 1,500 pages past SQLite’s threshold leave the database file as it was', async () => {
    const hall = hallDatabase();
    const before = hall.dbSize();
    for (let i = 0; i < 15; i += 1) await hall.commitBatch(100);
    expect(hall.dbSize()).toBe(before);
    expect(statSync(`${hall.file}-wal`).size).toBeGreaterThan(1500 * 4096);
  });

  it('copies it on the turn after a batch was answered, once the interval has passed', async () => {
    const hall = hallDatabase();
    const before = hall.dbSize();
    hall.advance(250);
    await hall.commitBatch(200);
    // Answered first; the copy is still to come.
    expect(hall.events).toEqual(['answered']);
    expect(hall.dbSize()).toBe(before);
    await hall.nextTurn();
    expect(hall.dbSize()).toBeGreaterThan(before + 200 * 4096);
  });

  it('at most once per interval', async () => {
    const hall = hallDatabase();
    hall.advance(250);
    await hall.commitBatch(10);
    await hall.nextTurn();
    const afterFirst = hall.dbSize();
    hall.advance(249);
    await hall.commitBatch(200);
    await hall.nextTurn();
    expect(hall.dbSize()).toBe(afterFirst);
    hall.advance(1);
    await hall.commitBatch(1);
    await hall.nextTurn();
    expect(hall.dbSize()).toBeGreaterThan(afterFirst + 200 * 4096);
  });

  it('leaves an open batch alone: no checkpoint inside a transaction', async () => {
    const hall = hallDatabase();
    await hall.commitBatch(50);
    hall.batch.join();
    expect(
      createWalCheckpoints(hall.db, {
        minIntervalMs: 0,
        now: () => 0,
        logger: pino({ level: 'silent' }),
      }).checkpointNow(),
    ).toBe(false);
    await hall.batch.settled();
  });
});
