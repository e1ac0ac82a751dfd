import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from './backup.ts';
import { ownerOnlyFolder } from './data-files.ts';
import { openDatabase } from './db/open-database.ts';
import { loadOrCreateKeyFile } from './privacy/identity-vault.ts';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the hall data files are owner-only', () => {
  let dir: string;
  let umask: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-modes-'));
    // The usual umask, which left the database and its backups readable by everyone (0644).
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, its WAL and shared-memory files 0600', () => {
    const file = join(dir, 'hallq.db');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(`${file}-shm`)).toBe(0o600);
    db.close();
  });

  it('makes an existing world-readable database owner-only when it opens it', () => {
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openDatabase(file).close();
    expect(modeOf(file)).toBe(0o600);
  });

  it('writes backups 0600 in a 0700 folder', async () => {
    const db = openDatabase(join(dir, 'hallq.db'));
    const { file } = await backupDatabase(db, join(dir, 'backups'), '2026-12-06', 14);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(dir, 'backups'))).toBe(0o700);
    db.close();
  });

  it('keeps the data folder and the identity key from other accounts', () => {
    const data = join(dir, 'data');
    ownerOnlyFolder(data);
    loadOrCreateKeyFile(join(data, 'identity.key'));
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(join(data, 'identity.key'))).toBe(0o600);
  });
});
