import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ownerOnlyFile, ownerOnlyFolder } from './data-files.ts';
import type { HubDatabase } from './db/open-database.ts';

const BACKUP_NAME = /^hallq-(\d{4}-\d{2}-\d{2})\.db$/;

/**
 * Online backup with SQLite's backup API: consistent while the hub keeps writing. One file per business day;
 * only the newest `keepDays` are kept. Restore = stop the hub, copy a backup over the database file (and remove
 * its -wal/-shm files), start the hub.
 */
export async function backupDatabase(
  db: HubDatabase,
  folder: string,
  businessDay: string,
  keepDays: number,
): Promise<{ file: string; removed: string[] }> {
  ownerOnlyFolder(folder);
  const file = join(folder, `hallq-${businessDay}.db`);
  // Created owner-only first, so the copy of the hall's data is never readable by others, not even for a moment.
  ownerOnlyFile(file);
  await db.backup(file);
  const backups = readdirSync(folder)
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keepDays));
  for (const name of removed) rmSync(join(folder, name));
  return { file, removed };
}

export function hasBackupFor(folder: string, businessDay: string): boolean {
  try {
    return readdirSync(folder).includes(`hallq-${businessDay}.db`);
  } catch {
    return false;
  }
}
