import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from './open-database.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
const running: WalCheckpointer[] = [];
const open: HubDatabase[] = [];
afterEach(async () => {
  for (const checkpointer of running.splice(0)) await checkpointer.close();
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function hallDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-wal-'));
  dirs.push(dir);
  const file = join(dir, 'hallq.db');
  const db = openDatabase(file);
  open.push(db);
  db.exec('CREATE TABLE rows (body BLOB NOT NULL)');
  const insert = db.prepare<[Buffer]>('INSERT INTO rows (body) VALUES (?)');
  /** Commits `n` rows of 4 KiB, one commit each: 2,000 of them cross SQLite's 1,000-page checkpoint threshold. */
  const commitRows = (n: number) => {
    for (let i = 0; i < n; i += 1) insert.run(Buffer.alloc(4096, i % 251));
  };
  return { db, file, commitRows };
}

async function started(db: HubDatabase, intervalMs = 3_600_000): Promise<WalCheckpointer> {
  const checkpointer = startWalCheckpointer(db, { intervalMs, logger: pino({ level: 'silent' }) });
  running.push(checkpointer);
  // The first answer also means the thread is ready (it answers in order), so the hub's own checkpoints are off.
  await checkpointer.checkpointNow();
  return checkpointer;
}

const autocheckpoint = (db: HubDatabase) => db.pragma('wal_autocheckpoint', { simple: true });

describe('the WAL checkpoint thread', () => {
  it('turns the hub connection’s own checkpoints off: commits past the threshold leave the database file as it was', async () => {
    const { db, file, commitRows } = hallDatabase();
    await started(db);
    expect(autocheckpoint(db)).toBe(0);
    const before = statSync(file).size;
    commitRows(2000);
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2000 * 4096);
  });

  it('copies every committed frame into the database file on its own thread', async () => {
    const { db, file, commitRows } = hallDatabase();
    const checkpointer = await started(db);
    commitRows(2000);
    const result = await checkpointer.checkpointNow();
    expect(result.walFrames).toBeGreaterThan(2000);
    expect(result.checkpointedFrames).toBe(result.walFrames);
    expect(statSync(file).size).toBeGreaterThan(2000 * 4096);
    expect(db.prepare('SELECT COUNT(*) AS n FROM rows').get()).toEqual({ n: 2000 });
  });

  it('runs by itself every interval', async () => {
    const { db, file, commitRows } = hallDatabase();
    await started(db, 20);
    const before = statSync(file).size;
    commitRows(300);
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(before + 200 * 4096);
  });

  it('gives checkpoints back to SQLite when it stops, so the WAL never grows without bound', async () => {
    const { db } = hallDatabase();
    const checkpointer = await started(db);
    await checkpointer.close();
    expect(autocheckpoint(db)).toBe(1000);
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/not running/);
  });

  it('lets a process that has nothing else to do finish its close (the thread does not hold the process open, nor drop it)', () => {
    // Unref'd to the end, the thread let Node see an empty event loop while the hub's close awaited it: the
    // process ended mid-close with exit code 13 (an unsettled top-level await).
    const { file } = hallDatabase();
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const out = execFileSync(
      `${repo}node_modules/.bin/tsx`,
      [
        '--input-type=module',
        '--eval',
        [
          "import pino from 'pino';",
          "import { openDatabase } from './apps/hub/src/db/open-database.ts';",
          "import { startWalCheckpointer } from './apps/hub/src/db/wal-checkpointer.ts';",
          `const db = openDatabase(${JSON.stringify(file)});`,
          "const checkpointer = startWalCheckpointer(db, { intervalMs: 60_000, logger: pino({ level: 'silent' }) });",
          'await checkpointer.checkpointNow();',
          'await checkpointer.close();',
          "process.stdout.write('closed');",
        ].join('\n'),
      ],
      { cwd: repo, encoding: 'utf8', timeout: 60_000 },
    );
    expect(out).toBe('closed');
  });
});
