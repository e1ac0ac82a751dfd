import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommitBatcher } from './commit-batcher.ts';
import { type HubDatabase, openDatabase } from './open-database.ts';

const dirs: string[] = [];
const open: HubDatabase[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function batcherOnFile() {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-batch-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'hallq.db'));
  open.push(db);
  db.exec('CREATE TABLE notes (text TEXT NOT NULL)');
  let commits = 0;
  const batch = createCommitBatcher(db, {
    logger: pino({ level: 'silent' }),
    onRollback: () => {},
    onCommitted: () => {
      commits += 1;
    },
  });
  const insert = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
  const notes = () => db.prepare<[], { text: string }>('SELECT text FROM notes ORDER BY rowid').all();
  return { db, batch, note: (text: string) => insert.run(text), notes, commits: () => commits };
}

describe('the commit batcher', () => {
  it('commits every write of one turn once', async () => {
    const { batch, note, notes, commits } = batcherOnFile();
    for (const text of ['a', 'b', 'c']) {
      batch.join();
      note(text);
    }
    expect(await batch.settled()).toBe(true);
    expect(commits()).toBe(1);
    expect(notes().map((n) => n.text)).toEqual(['a', 'b', 'c']);
  });

  it('writes deferred bookkeeping in the next batch, without a commit of its own', async () => {
    const { batch, note, notes, commits } = batcherOnFile();
    batch.joinSoon(() => note('cursor'), 60_000);
    expect(notes()).toEqual([]);
    batch.join();
    note('ticket');
    expect(await batch.settled()).toBe(true);
    expect(commits()).toBe(1);
    expect(notes().map((n) => n.text)).toEqual(['ticket', 'cursor']);
  });

  it('gives deferred bookkeeping a batch of its own once the hall has been quiet for the delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { batch, note, notes, commits } = batcherOnFile();
    batch.joinSoon(() => note('cursor'), 1000);
    batch.joinSoon(() => note('delivery'), 1000);
    vi.advanceTimersByTime(999);
    expect(await batch.settled()).toBe(true);
    expect(notes()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(await batch.settled()).toBe(true);
    expect(commits()).toBe(1);
    expect(notes().map((n) => n.text)).toEqual(['cursor', 'delivery']);
  });

  it('drops a deferred write that fails, alone: the batch and the other writes commit', async () => {
    const { batch, note, notes } = batcherOnFile();
    batch.joinSoon(() => {
      note('half');
      throw new Error('broken bookkeeping');
    }, 60_000);
    batch.joinSoon(() => note('cursor'), 60_000);
    batch.join();
    note('ticket');
    expect(await batch.settled()).toBe(true);
    expect(notes().map((n) => n.text)).toEqual(['ticket', 'cursor']);
  });

  it('writes deferred bookkeeping when flushed at close, even with no batch open', () => {
    const { batch, note, notes, commits } = batcherOnFile();
    batch.joinSoon(() => note('cursor'), 60_000);
    batch.flush();
    expect(commits()).toBe(1);
    expect(notes().map((n) => n.text)).toEqual(['cursor']);
  });
});
