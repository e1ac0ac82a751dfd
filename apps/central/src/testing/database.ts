import pg from 'pg';
import { inject } from 'vitest';
import { freshDatabaseName } from './pg-cluster.ts';

/** A new database in the shared test cluster (see global-setup.ts); returns its connection string. */
export async function testDatabase(label: string): Promise<string> {
  const admin = new pg.Client({ connectionString: inject('centralPgUrl') });
  const name = freshDatabaseName(label);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('centralPgUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}
