import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { requestPath, serveFile } from '@hallq/hub/http-app';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { migrate } from './db/migrate.ts';
import { createPartitions } from './db/partitions.ts';
import { createHallRegistry } from './halls/hall-registry.ts';
import { createIngestHandler, sendJson } from './http/ingest-handler.ts';
import { createReadApi } from './http/read-api.ts';
import { createIngest } from './ingest/ingest.ts';
import { createCityUsers } from './people/city-users.ts';
import { applyProjections } from './projections/apply.ts';

export interface CentralConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  /** The halls' time zone: "today" on the city board. */
  readonly timeZone?: string;
  /** The city's web app (apps/city, built), served at `/`; default: apps/city/dist of this checkout. */
  readonly webAppDir?: string;
}

const CITY_APP_DIR = fileURLToPath(new URL('../../city/dist', import.meta.url));

/**
 * The composition root of the centre: the database (migrated on start), the halls registry, the ingest and the
 * HTTP(S) server hubs push to. Only main.ts reads the environment.
 */
export async function createCentral(deps: {
  pool: Pool;
  logger: Logger;
  config: CentralConfig;
  clock?: () => number;
}) {
  const { pool, logger, config } = deps;
  await migrate(pool);
  const halls = createHallRegistry(pool);
  const partitions = createPartitions(pool);
  const ingest = createIngest({ pool, partitions, onStored: applyProjections });
  const ingestHandler = createIngestHandler({ halls, ingest, logger });
  const users = createCityUsers(pool);
  const readApi = createReadApi({
    pool,
    users,
    clock: deps.clock ?? Date.now,
    timeZone: config.timeZone ?? 'Asia/Shanghai',
  });

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://centre');
    } catch {
      // A target URL cannot parse (`//[`): thrown here, it would end the process.
      sendJson(response, 400, { error: 'malformed request target' });
      return;
    }
    const path = url.pathname;
    const work =
      request.method === 'POST' && path === '/v1/ingest'
        ? ingestHandler(request, response)
        : path === '/healthz'
          ? pool.query('SELECT 1').then(
              () => sendJson(response, 200, { ok: true, database: true }),
              () => sendJson(response, 503, { ok: false, database: false }),
            )
          : readApi(request, response, url).then((handled) => {
              if (handled) return;
              const file = requestPath(request.url);
              if (request.method === 'GET' && file !== null && !file.startsWith('/v1/')) {
                // The city's web app: its files, and its index.html for any other path (client routing).
                serveFile(response, { mount: '', dir: config.webAppDir ?? CITY_APP_DIR }, file.slice(1));
              } else sendJson(response, 404, { error: 'not found' });
            });
    work.catch((error: unknown) => {
      logger.error({ err: error, path }, 'request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  };
  const server: Server = config.tls ? createHttpsServer(config.tls, handler) : createServer(handler);
  const connections = new Set<Socket>();
  server.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  return {
    pool,
    halls,
    users,
    ingest,
    partitions,
    async listen(): Promise<{ url: string; port: number }> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return { url: `${config.tls ? 'https' : 'http'}://${host}:${port}`, port };
    },
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.destroy();
      await closed;
    },
  };
}

export type Central = Awaited<ReturnType<typeof createCentral>>;
