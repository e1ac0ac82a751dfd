import Database from 'better-sqlite3';
import { ownerOnlyDatabaseFiles } from '../data-files.ts';
import { MIGRATIONS } from './migrations.ts';

export type HubDatabase = Database.Database;

/**
 * Opens the hall database. WAL lets readers (reports, backups) run beside the writer; `synchronous = FULL`
 * makes every commit fsync the WAL before the command is acknowledged, so an acknowledged ticket survives a
 * kill -9 and a power cut (NORMAL would survive the kill but could lose the last commits on power loss).
 */
export function openDatabase(file: string): HubDatabase {
  // Owner-only before SQLite opens it: its -wal and -shm files are created with the same mode.
  if (file !== ':memory:' && file !== '') ownerOnlyDatabaseFiles(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: HubDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this hub (${MIGRATIONS.length}); refusing to run on it`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
