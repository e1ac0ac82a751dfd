import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { type AdminServices, createAdminServices } from './admin/admin-services.ts';
import { backupDatabase, hasBackupFor } from './backup.ts';
import type { HubDatabase } from './db/open-database.ts';
import { createHallService } from './hall-service.ts';
import { createHttpHandler, type WebApp } from './http/http-app.ts';
import { type KeypadBusConfig, startKeypadBus } from './peripherals/keypad-bridge.ts';
import { openSignBridge, type SignBridge, type SignBridgeFile } from './peripherals/sign-bridge.ts';
import { createIdentityVault } from './privacy/identity-vault.ts';
import { createRatingDesk } from './rating-desk.ts';
import { DEFAULT_ADMISSION_SETTINGS } from './socket/admission/defaults.ts';

export { DEFAULT_ADMISSION_SETTINGS };

import { createSocketServer, type SocketHub, type SocketSettings } from './socket/socket-server.ts';
import { createAccounts } from './store/accounts.ts';
import { SYSTEM_ACTOR } from './store/event-log.ts';
import { createSupervisionDesk } from './supervision/supervision-desk.ts';

export interface HubConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  readonly webApps: readonly WebApp[];
  readonly socket: SocketSettings;
  /** How often the hub looks at the clock for the day change, rating timeouts and backups. */
  readonly tickMs: number;
  readonly backup: { readonly folder: string; readonly keepDays: number } | null;
  /** Identity data of tickets older than this is purged. */
  readonly identityRetentionDays: number;
  /** Caller keypads on a serial bus; absent or null in a hall without keypads. */
  readonly keypads?: KeypadBusConfig | null;
  /** Window LED signs on a serial bus (HallQ bus v1); absent or null in a hall without them. */
  readonly signs?: SignBridgeFile | null;
}

export const DEFAULT_SOCKET_SETTINGS: SocketSettings = {
  sessionTtlMs: 12 * 3_600_000,
  ratingTimeoutMs: 60_000,
  commandsPerSecond: 50,
  commandBurst: 200,
  maxMessageBytes: 2 * 1024 * 1024,
  admission: DEFAULT_ADMISSION_SETTINGS,
};

/**
 * The composition root: everything the hub is made of, from its dependencies. Only main.ts opens real files
 * and reads the environment; tests pass an in-memory or temporary database and a clock they control.
 */
export function createHub(deps: {
  db: HubDatabase;
  clock: () => number;
  logger: Logger;
  identityKey: Buffer;
  config: HubConfig;
}) {
  const { db, clock, logger, config } = deps;
  const epoch = randomUUID();
  const accounts = createAccounts(db);
  const vault = createIdentityVault(deps.identityKey);
  let socketHub: SocketHub | null = null;
  let keypads: ReturnType<typeof startKeypadBus> | null = null;
  let signs: SignBridge | null = null;
  const hall = createHallService({
    db,
    clock,
    logger,
    epoch,
    publish: (update) => {
      socketHub?.publish(update);
      supervisionSoon();
      if (update.change.type === 'ticket:finished') ratings.onFinished(update.change.ticket);
      keypads?.bridge.onHallUpdate(update);
      signs?.onUpdate(update);
    },
  });
  const ratings = createRatingDesk({
    db,
    hall,
    accounts,
    clock,
    timeoutMs: config.socket.ratingTimeoutMs,
    sendRequest: (windowId, request) => socketHub?.requestRating(windowId, request),
  });
  const handler = createHttpHandler({
    health: () => ({
      ok: true,
      epoch,
      seq: hall.log.hallSeq(),
      businessDay: hall.state().businessDay,
      waiting: [...hall.state().tickets.values()].filter((t) => t.status === 'waiting').length,
    }),
    apps: config.webApps,
  });
  const supervision = createSupervisionDesk({
    db,
    hall,
    accounts,
    clock,
    isOnline: (deviceId) => socketHub?.isOnline(deviceId) ?? false,
    push: (view) => socketHub?.io.to(['role:supervisor', 'role:admin']).emit('supervision:update', view),
  });
  const admin: AdminServices = createAdminServices({
    db,
    hall,
    accounts,
    supervision,
    clock,
    disconnectUser: (userId, reason) => {
      for (const socket of socketHub?.io.sockets.sockets.values() ?? []) {
        if (socket.data.identity?.user?.id !== userId) continue;
        socket.emit('session:revoked', { reason });
        socket.disconnect(true);
      }
    },
  });
  /** Supervision after a change: at most every 250 ms, so a burst of commands costs one evaluation. */
  let supervisionPending: NodeJS.Timeout | null = null;
  function supervisionSoon(): void {
    if (supervisionPending) return;
    supervisionPending = setTimeout(() => {
      supervisionPending = null;
      try {
        supervision.check();
      } catch (error) {
        logger.error({ err: error }, 'supervision check failed');
      }
    }, 250);
    supervisionPending.unref();
  }
  const http: HttpServer = config.tls ? createHttpsServer(config.tls, handler) : createServer(handler);
  const connections = new Set<Socket>();
  http.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });
  socketHub = createSocketServer({
    http,
    hall,
    accounts,
    vault,
    ratings,
    clock,
    logger,
    settings: config.socket,
    admin: () => admin,
  });

  let backupRunning = false;
  /** Work that depends only on time passing: the day change, rating timeouts, the daily backup, retention. */
  async function tick(): Promise<void> {
    const outcome = hall.execute({ type: 'clock:tick' }, SYSTEM_ACTOR);
    if (!outcome.ok) logger.warn({ error: outcome.error }, 'tick not applied');
    ratings.sweep();
    supervision.check();
    hall.store.purgeIdentities(clock() - config.identityRetentionDays * 86_400_000);
    const day = hall.state().businessDay;
    if (config.backup && !backupRunning && !hasBackupFor(config.backup.folder, day)) {
      backupRunning = true;
      try {
        await hall.settled();
        const result = await backupDatabase(db, config.backup.folder, day, config.backup.keepDays);
        logger.info({ file: result.file, removed: result.removed.length }, 'daily backup written');
      } catch (error) {
        logger.error({ err: error }, 'daily backup failed');
      } finally {
        backupRunning = false;
      }
    }
  }

  let timer: NodeJS.Timeout | null = null;
  /** Supervision runs at least once a second, whatever the tick, so an alert shows within a second. */
  let supervisionTimer: NodeJS.Timeout | null = null;

  return {
    hall,
    accounts,
    vault,
    ratings,
    supervision,
    admin,
    tick,
    get io() {
      return socketHub!.io;
    },
    async listen(): Promise<{ url: string; port: number }> {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      if (config.keypads) keypads = startKeypadBus(config.keypads, { hall, logger });
      if (config.signs) {
        signs = openSignBridge(config.signs, logger);
        signs.start(hall.snapshot([]));
      }
      if (config.tickMs > 0) {
        timer = setInterval(() => {
          tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
        }, config.tickMs);
        timer.unref();
        if (config.tickMs > 1000) {
          supervisionTimer = setInterval(() => {
            try {
              supervision.check();
            } catch (error) {
              logger.error({ err: error }, 'supervision check failed');
            }
          }, 1000);
          supervisionTimer.unref();
        }
      }
      const { port } = http.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return { url: `${config.tls ? 'https' : 'http'}://${host}:${port}`, port };
    },
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      if (supervisionTimer) clearInterval(supervisionTimer);
      if (supervisionPending) clearTimeout(supervisionPending);
      await keypads?.close();
      keypads = null;
      await signs?.close();
      signs = null;
      // Whatever the last commands wrote is committed before the connections go.
      hall.flush();
      // Socket.IO's close also closes the HTTP server, whose callback waits for every connection to end: an
      // upgraded WebSocket waits for the browser's closing handshake (up to 30 s), a busy browser longer. A hub
      // that is closing ends its connections itself; clients reconnect to the next hub.
      const closed = socketHub!.close();
      for (const connection of connections) connection.destroy();
      await closed;
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
