import type { CentralBatch, CentralLogEntry } from '@hallq/protocol';
import { pino } from 'pino';
import { type Central, createCentral } from '../create-central.ts';
import { openPool } from '../db/pool.ts';
import { testDatabase } from './database.ts';

export interface TestCentral {
  readonly central: Central;
  readonly url: string;
  /** POSTs a batch as the hall's hub; the status and the parsed answer. */
  post(
    hallId: string,
    token: string,
    entries: readonly CentralLogEntry[],
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * A centre over a fresh database of the shared test cluster (or `databaseUrl`), on port 0 (or `port`, to come
 * back where a hub already points).
 */
export async function startTestCentral(
  label: string,
  options: {
    port?: number;
    databaseUrl?: string;
    clock?: () => number;
    tls?: { cert: Buffer; key: Buffer };
    /** The web app's folder to serve (default: apps/city/dist). */
    webAppDir?: string;
  } = {},
): Promise<TestCentral> {
  const pool = openPool(options.databaseUrl ?? (await testDatabase(label)), pino({ level: 'silent' }), 20);
  const central = await createCentral({
    pool,
    logger: pino({ level: 'silent' }),
    config: {
      host: '127.0.0.1',
      port: options.port ?? 0,
      tls: options.tls ?? null,
      ...(options.webAppDir ? { webAppDir: options.webAppDir } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { url } = await central.listen();
  return {
    central,
    url,
    async post(hallId, token, entries) {
      const batch: CentralBatch = { hallId, entries: [...entries] };
      const response = await fetch(`${url}/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(batch),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await central.close();
      await pool.end();
    },
  };
}
