import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The hall's data is for the hub's own account only: the database (tickets, clerks' password hashes, sealed
 * identities), its WAL and shared-memory files, backups and the identity key are 0600, their folders 0700.
 */
export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_FOLDER = 0o700;

/** Creates `file` empty and owner-only if it does not exist, and makes an existing one owner-only. */
export function ownerOnlyFile(file: string): void {
  if (existsSync(file)) chmodSync(file, OWNER_ONLY_FILE);
  else closeSync(openSync(file, 'a', OWNER_ONLY_FILE));
  // The umask may have narrowed the mode further, never widened it; chmod sets it exactly.
  chmodSync(file, OWNER_ONLY_FILE);
}

/** Creates a folder owner-only (and makes an existing one so): nobody else may list or read the hall's files. */
export function ownerOnlyFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
  chmodSync(folder, OWNER_ONLY_FOLDER);
}

/** The database files SQLite keeps beside `file`; SQLite gives them the main file's mode when it creates them. */
export function ownerOnlyDatabaseFiles(file: string): void {
  ownerOnlyFile(file);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, OWNER_ONLY_FILE);
  }
}
