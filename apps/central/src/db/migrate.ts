import type { Pool } from 'pg';
import { MIGRATIONS } from './migrations.ts';

/** Any fixed number: two centres starting on one database take turns instead of both migrating. */
const MIGRATION_LOCK = 7_302_016;

/** Brings the database up to the last migration; returns the version it is at. */
export async function migrate(pool: Pool, migrations: readonly string[] = MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const row = await client.query<{ version: number }>('SELECT version FROM schema_version');
    let version = row.rows[0]?.version ?? 0;
    if (row.rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    if (version > migrations.length) {
      throw new Error(`the database is at schema ${version}, newer than this centre (${migrations.length})`);
    }
    for (; version < migrations.length; version += 1) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[version]!);
        await client.query('UPDATE schema_version SET version = $1', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return version;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
