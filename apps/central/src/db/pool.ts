import pg from 'pg';
import type { Logger } from 'pino';

/** bigint columns (entry ids, counts) as numbers: they stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The centre's connection pool. A connection that breaks (PostgreSQL restarted) is reported here and dropped by
 * the pool; without these listeners it would end the process.
 */
export function openPool(connectionString: string, logger: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 5_000 });
  pool.on('error', (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection failed'));
  // A connection in use that breaks between two queries emits on itself; its next query fails (and the batch is
  // answered 503), which is all that should happen.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed'));
  });
  return pool;
}
