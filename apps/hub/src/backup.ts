import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ownerOnlyFile, ownerOnlyFolder } from './data-files.ts';
import type { HubDatabase } from './db/open-database.ts';

const BACKUP_NAME = /^hallq-(\d{4}-\d{2}-\d{2})\.db$/;
/** What a backup is written as until it has been verified; never matches BACKUP_NAME, so never restored. */
const PARTIAL_SUFFIX = '.partial';
/** Files a killed backup leaves behind: the partial file and SQLite's journals of it or of a finished name. */
const LEFTOVER =
  /^(\.hallq-\d{4}-\d{2}-\d{2}\.db\.partial(-journal|-wal|-shm)?|hallq-\d{4}-\d{2}-\d{2}\.db(-journal|-wal|-shm))$/;

/** The tables a hall database must hold; a backup missing one would restore to a broken hall. */
export const EXPECTED_TABLES: readonly string[] = [
  'alerts',
  'devices',
  'events',
  'identities',
  'issue_requests',
  'meta',
  'notices',
  'outbox_cursors',
  'ratings',
  'report_days',
  'sequences',
  'sessions',
  'ticket_transfers',
  'tickets',
  'users',
  'webhook_deliveries',
  'webhook_subscriptions',
  'window_states',
];

export interface BackupVerdict {
  readonly ok: boolean;
  /** Why it cannot be restored (null when ok). */
  readonly reason: string | null;
  /** The last entry of the event log it holds (0 for none). */
  readonly lastEventId: number;
  readonly lastHallSeq: number;
  readonly bytes: number;
}

/** What the backup must hold at least: the log's tail as it was when the backup started. */
export interface BackupExpectation {
  readonly minLastEventId?: number;
}

/**
 * The checks, as one self-contained function of the SQLite module: it runs in a worker thread (its source is
 * sent there, so it must not refer to anything outside itself) because an integrity check of a large file takes
 * seconds, and the hub must keep answering meanwhile. hallctl runs it directly.
 */
function inspectBackupFile(
  SQLite: typeof Database,
  file: string,
  expectedTables: readonly string[],
  minLastEventId: number,
): Omit<BackupVerdict, 'bytes'> {
  const bad = (reason: string) => ({ ok: false, reason, lastEventId: 0, lastHallSeq: 0 });
  let db: Database.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return bad(`cannot be opened: ${(error as Error).message}`);
  }
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      return bad(`integrity check failed: ${integrity.slice(0, 3).join('; ')}`);
    }
    const tables = new Set(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const missing = expectedTables.filter((t) => !tables.has(t));
    if (missing.length > 0) return bad(`tables missing: ${missing.join(', ')}`);
    const last = db.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1').get() as
      | { id: number; hash: string }
      | undefined;
    const lastEventId = last?.id ?? 0;
    const lastHallSeq = (db.prepare('SELECT MAX(hall_seq) FROM events').pluck().get() as number | null) ?? 0;
    if (lastEventId < minLastEventId) {
      return {
        ok: false,
        reason: `ends at event ${lastEventId}, before ${minLastEventId} which was written when it started`,
        lastEventId,
        lastHallSeq,
      };
    }
    const anchor = db.prepare("SELECT value FROM meta WHERE key = 'audit_anchor'").pluck().get() as
      | string
      | undefined;
    if (last && anchor !== undefined) {
      const parsed = JSON.parse(anchor) as { id?: unknown; hash?: unknown };
      if (parsed.id !== last.id || parsed.hash !== last.hash) {
        return { ok: false, reason: 'its last event does not match its anchor', lastEventId, lastHallSeq };
      }
    }
    return { ok: true, reason: null, lastEventId, lastHallSeq };
  } catch (error) {
    return bad(`unreadable: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Verifies a backup in this thread (hallctl, tests). */
export function verifyBackup(file: string, expected: BackupExpectation = {}): BackupVerdict {
  const bytes = sizeOf(file);
  if (bytes === 0)
    return { ok: false, reason: 'empty or missing file', lastEventId: 0, lastHallSeq: 0, bytes };
  return { ...inspectBackupFile(Database, file, EXPECTED_TABLES, expected.minLastEventId ?? 0), bytes };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqlite);
// Compilers that keep function names (tsx, esbuild's keepNames) wrap inner functions in __name().
const __name = (fn) => fn;
const inspect = ${inspectBackupFile.toString()};
parentPort.postMessage(inspect(SQLite, workerData.file, workerData.tables, workerData.minLastEventId));
`;

/** Verifies a backup in a worker thread, so a multi-second integrity check does not stall the hall. */
export function verifyBackupInWorker(file: string, expected: BackupExpectation = {}): Promise<BackupVerdict> {
  const bytes = sizeOf(file);
  if (bytes === 0) {
    return Promise.resolve({
      ok: false,
      reason: 'empty or missing file',
      lastEventId: 0,
      lastHallSeq: 0,
      bytes,
    });
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
        file,
        tables: EXPECTED_TABLES,
        minLastEventId: expected.minLastEventId ?? 0,
      },
    });
    worker.once('message', (verdict: Omit<BackupVerdict, 'bytes'>) => resolve({ ...verdict, bytes }));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`backup verification stopped (exit ${code})`));
    });
  });
}

function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class BackupFailedError extends Error {
  readonly code = 'BACKUP_FAILED';
}

/**
 * Online backup with SQLite's backup API, consistent while the hub keeps writing, made so that a crash at any
 * moment leaves either no backup of the day or a whole, verified one: written under a temporary name, fsynced,
 * verified (integrity check, every table, the log's tail at least where it was when the backup started), only
 * then renamed to `hallq-<day>.db`, and the folder fsynced so the rename itself survives a power cut. One file
 * per business day; only the newest `keepDays` are kept. A backup that fails verification is removed and
 * reported; the previous good ones stay.
 */
export async function backupDatabase(
  db: HubDatabase,
  folder: string,
  businessDay: string,
  keepDays: number,
  options: { verify?: (file: string, expected: BackupExpectation) => Promise<BackupVerdict> } = {},
): Promise<{ file: string; removed: string[]; verdict: BackupVerdict }> {
  ownerOnlyFolder(folder);
  const file = join(folder, `hallq-${businessDay}.db`);
  const partial = join(folder, `.hallq-${businessDay}.db${PARTIAL_SUFFIX}`);
  removePartial(partial);
  // Created owner-only first, so the copy of the hall's data is never readable by others, not even for a moment.
  ownerOnlyFile(partial);
  const minLastEventId =
    (db.prepare('SELECT id FROM events ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined) ?? 0;
  let verdict: BackupVerdict;
  try {
    await db.backup(partial);
    fsyncPath(partial, 'r+');
    verdict = await (options.verify ?? verifyBackupInWorker)(partial, { minLastEventId });
  } catch (error) {
    removePartial(partial);
    throw new BackupFailedError(`backup not written: ${(error as Error).message}`, { cause: error });
  }
  if (!verdict.ok) {
    removePartial(partial);
    throw new BackupFailedError(`backup failed verification: ${verdict.reason}`);
  }
  renameSync(partial, file);
  fsyncPath(folder, 'r');
  const backups = listBackups(folder);
  const removed = backups.slice(0, Math.max(0, backups.length - keepDays)).map((b) => b.name);
  for (const name of removed) rmSync(join(folder, name));
  return { file, removed, verdict };
}

function removePartial(partial: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
}

/** Removes what a backup killed midway left in the folder (run at start, before any backup). */
export function removeBackupLeftovers(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const leftovers = names.filter((name) => LEFTOVER.test(name));
  for (const name of leftovers) rmSync(join(folder, name), { force: true });
  return leftovers;
}

export interface BackupFile {
  readonly name: string;
  readonly file: string;
  readonly businessDay: string;
}

/** The day backups in a folder, oldest first. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const day = BACKUP_NAME.exec(name)?.[1];
      return day ? [{ name, file: join(folder, name), businessDay: day }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface GoodBackup extends BackupFile {
  readonly verdict: BackupVerdict;
  readonly writtenAt: number;
}

/**
 * Remembers verdicts by file name, size and modification time, so the hub's tick does not verify the same
 * unchanged file again every two seconds; a file that changes is verified again.
 */
export function createBackupShelf(
  folder: string,
  verify: (file: string) => Promise<BackupVerdict> = (file) => verifyBackupInWorker(file),
) {
  const verdicts = new Map<string, { key: string; verdict: BackupVerdict }>();
  const keyOf = (file: string) => {
    const stat = statSync(file);
    return { key: `${stat.size}:${stat.mtimeMs}`, writtenAt: stat.mtimeMs };
  };
  async function verdictOf(
    backup: BackupFile,
  ): Promise<{ verdict: BackupVerdict; writtenAt: number } | null> {
    let key: string;
    let writtenAt: number;
    try {
      ({ key, writtenAt } = keyOf(backup.file));
    } catch {
      return null;
    }
    const known = verdicts.get(backup.name);
    if (known?.key === key) return { verdict: known.verdict, writtenAt };
    const verdict = await verify(backup.file);
    verdicts.set(backup.name, { key, verdict });
    return { verdict, writtenAt };
  }
  return {
    /** A backup just written and verified (as its partial file, before the rename) need not be read again. */
    remember(file: string, verdict: BackupVerdict): void {
      const name = listBackups(folder).find((b) => b.file === file)?.name;
      if (name) verdicts.set(name, { key: keyOf(file).key, verdict });
    },
    /** The newest backup that passes verification; a file that fails counts as missing. */
    async newestGood(): Promise<GoodBackup | null> {
      for (const backup of listBackups(folder).reverse()) {
        const seen = await verdictOf(backup);
        if (seen?.verdict.ok) return { ...backup, ...seen };
      }
      return null;
    },
    /** A good backup of that business day exists (a failed or partial one does not count). */
    async hasGoodBackupFor(businessDay: string): Promise<boolean> {
      const backup = listBackups(folder).find((b) => b.businessDay === businessDay);
      if (!backup) return false;
      return (await verdictOf(backup))?.verdict.ok ?? false;
    },
  };
}

export type BackupShelf = ReturnType<typeof createBackupShelf>;

/**
 * Whether the backup folder sits on the same disk (device) as the database: then one failed disk takes both.
 * The folder may not exist yet; its nearest existing parent decides.
 */
export function onSameDisk(backupFolder: string, databaseFile: string): boolean {
  const deviceOf = (path: string): number => {
    let current = path;
    for (;;) {
      try {
        return statSync(current).dev;
      } catch {
        const parent = dirname(current);
        if (parent === current) return -1;
        current = parent;
      }
    }
  };
  return deviceOf(backupFolder) === deviceOf(databaseFile);
}
