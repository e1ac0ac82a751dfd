import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  createBackupShelf,
  listBackups,
  onSameDisk,
  removeBackupLeftovers,
  verifyBackup,
  verifyBackupInWorker,
} from './backup.ts';
import { storageAlerts } from './supervision/storage-alerts.ts';
import { startTestHub, type TestHub } from './testing/test-hub.ts';

let hall: TestHub | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await hall?.close();
  hall = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-backup-'));
  dirs.push(dir);
  return dir;
}

const issue = () => ({ requestId: randomUUID(), serviceId: 'svc-1', identity: null });

async function hallWithTickets(count: number): Promise<TestHub> {
  hall = await startTestHub();
  const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
  for (let i = 0; i < count; i += 1) await kiosk.call('ticket:issue', issue());
  return hall;
}

describe('backup verification', () => {
  it('passes a backup the hub wrote, and fails an empty file, a database with no tables and a cut copy', async () => {
    const th = await hallWithTickets(3);
    const folder = tempDir();
    const { file, verdict } = await backupDatabase(th.db, folder, '2026-11-28', 14);
    expect(verdict).toMatchObject({ ok: true, reason: null });
    expect(verdict.lastEventId).toBeGreaterThan(0);
    expect(verifyBackup(file)).toMatchObject({ ok: true, lastEventId: verdict.lastEventId });

    const empty = join(folder, 'empty.db');
    writeFileSync(empty, '');
    expect(verifyBackup(empty)).toMatchObject({ ok: false, reason: 'empty or missing file' });

    // What a backup killed right after it created its file opens as: a database with no tables.
    const bare = join(folder, 'bare.db');
    const bareDb = new Database(bare);
    bareDb.exec('CREATE TABLE x (a)');
    bareDb.close();
    expect(verifyBackup(bare).reason).toMatch(/tables missing: alerts, devices, events/);

    const cut = join(folder, 'cut.db');
    copyFileSync(file, cut);
    truncateSync(cut, 8192);
    expect((await verifyBackupInWorker(cut)).ok).toBe(false);
  });

  it('fails a backup that ends before the log did when it started', async () => {
    const th = await hallWithTickets(2);
    const { file, verdict } = await backupDatabase(th.db, tempDir(), '2026-11-28', 14);
    expect(verifyBackup(file, { minLastEventId: verdict.lastEventId + 1 }).reason).toMatch(
      /ends at event \d+, before/,
    );
  });

  it('never leaves a file under the final name that did not pass, and removes its partial file', async () => {
    const th = await hallWithTickets(1);
    const folder = tempDir();
    await expect(
      backupDatabase(th.db, folder, '2026-11-28', 14, {
        verify: async () => ({
          ok: false,
          reason: 'integrity check failed',
          lastEventId: 0,
          lastHallSeq: 0,
          bytes: 1,
        }),
      }),
    ).rejects.toThrow(/failed verification: integrity check failed/);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('the backup folder', () => {
  it('removes what a killed backup left behind, and nothing else', () => {
    const folder = tempDir();
    const names = [
      '.hallq-2026-11-28.db.partial',
      '.hallq-2026-11-28.db.partial-journal',
      'hallq-2026-11-27.db-journal',
      'hallq-2026-11-27.db',
      'notes.txt',
    ];
    for (const name of names) writeFileSync(join(folder, name), 'x');
    expect(removeBackupLeftovers(folder).sort()).toEqual(names.slice(0, 3).sort());
    expect(readdirSync(folder).sort()).toEqual(['hallq-2026-11-27.db', 'notes.txt']);
  });

  it('counts a file that fails verification as missing, and finds the newest good one', async () => {
    const th = await hallWithTickets(2);
    const folder = tempDir();
    await backupDatabase(th.db, folder, '2026-11-27', 14);
    writeFileSync(join(folder, 'hallq-2026-11-28.db'), '');
    const shelf = createBackupShelf(folder);
    expect(await shelf.hasGoodBackupFor('2026-11-28')).toBe(false);
    expect(await shelf.hasGoodBackupFor('2026-11-27')).toBe(true);
    expect((await shelf.newestGood())?.businessDay).toBe('2026-11-27');
    expect(listBackups(folder).map((b) => b.businessDay)).toEqual(['2026-11-27', '2026-11-28']);
  });

  it('tells whether the backup folder is on the database’s disk', () => {
    const dir = tempDir();
    expect(onSameDisk(join(dir, 'not-yet', 'backups'), join(dir, 'hallq.db'))).toBe(true);
    expect(onSameDisk('/proc', join(dir, 'hallq.db'))).toBe(false);
  });
});

describe('the daily backup from the tick', () => {
  it('rewrites a day whose file is broken (a 0-byte file from a killed backup), and clears leftovers at start', async () => {
    const dir = tempDir();
    const folder = join(dir, 'b');
    mkdirSync(folder);
    writeFileSync(join(folder, 'hallq-2026-11-28.db'), '');
    writeFileSync(join(folder, 'hallq-2026-11-28.db-journal'), 'x');
    writeFileSync(join(folder, '.hallq-2026-11-28.db.partial'), 'x');
    hall = await startTestHub({ config: { backup: { folder, keepDays: 3 } } });
    expect(readdirSync(folder)).toEqual(['hallq-2026-11-28.db']);
    const before = hall.hub.storage.status();
    expect(before.backup).toMatchObject({ lastGood: null, todayGood: false });
    await hall.hub.tick();
    expect(verifyBackup(join(folder, 'hallq-2026-11-28.db')).ok).toBe(true);
    expect(hall.hub.storage.status().backup).toMatchObject({
      todayGood: true,
      lastGood: { businessDay: '2026-11-28' },
      lastError: null,
    });
  });

  it('raises a supervision alert when there is no good backup of today, and when backups share the disk', () => {
    const backup = {
      folder: '/data/backups',
      checked: true,
      running: false,
      todayGood: false,
      sameDisk: true,
      lastGoodDay: '2026-11-27',
      lastError: 'backup not written: database or disk is full',
    };
    const alerts = storageAlerts({ backup, lostCommits: null }, 0);
    expect(alerts.map((a) => a.rule)).toEqual(['backup-missing', 'backup-same-disk']);
    expect(alerts[0]!.message.zh).toMatch(/今天没有完好的备份（最近一次：2026-11-27）/);
    expect(alerts[0]!.message.en).toMatch(/disk is full/);
    // While the day's backup runs, or before the hub has looked, it is not missing yet.
    expect(
      storageAlerts({ backup: { ...backup, running: true, sameDisk: false }, lostCommits: null }, 0),
    ).toEqual([]);
    expect(
      storageAlerts({ backup: { ...backup, checked: false, sameDisk: false }, lostCommits: null }, 0),
    ).toEqual([]);
    expect(
      storageAlerts({ backup: { ...backup, todayGood: true, sameDisk: false }, lostCommits: null }, 0),
    ).toEqual([]);
  });
});
