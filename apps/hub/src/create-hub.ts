import { type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SmsSenderKind } from '@hallq/protocol';
import type { Logger } from 'pino';
import { type AdminServices, createAdminServices } from './admin/admin-services.ts';
import { createApiClientAdmin } from './api/api-client-admin.ts';
import { createApiClients } from './api/api-clients.ts';
import { createApiHandlers } from './api/api-handlers.ts';
import { createApiRouter } from './api/api-router.ts';
import { createAppointmentDesk } from './appointments/appointment-desk.ts';
import { createBackgroundScrypt } from './auth/background-scrypt.ts';
import { createLoginAudit, createTalliedAudit } from './auth/login-audit.ts';
import { createLoginDesk } from './auth/login-desk.ts';
import { createLoginFailures, DEFAULT_LOCK_POLICY, type LockPolicy } from './auth/login-failures.ts';
import {
  createLoginThrottle,
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleSettings,
} from './auth/login-throttle.ts';
import type { ScryptCost } from './auth/secrets.ts';
import { createCaseRecordServices } from './case-record-services.ts';
import { announceHallConfiguration } from './central/announce-hall.ts';
import { type CentralSyncConfig, createCentralSync } from './central/central-sync.ts';
import { createCentreWitness } from './central/centre-witness.ts';
import { ratingDetailReader } from './central/rating-detail.ts';
import { type MarkFile, openMarkFile } from './db/high-water-mark.ts';
import type { HubDatabase } from './db/open-database.ts';
import { createWalCheckpoints } from './db/wal-checkpoints.ts';
import { createHallService } from './hall-service.ts';
import { createHttpHandler, refuseTunnel, type WebApp } from './http/http-app.ts';
import { createOutbox } from './outbox/outbox.ts';
import type { RetryPolicy } from './outbox/retry-schedule.ts';
import { createWebhookAdmin } from './outbox/webhook-admin.ts';
import { createWebhookSender, type PostWebhook } from './outbox/webhook-sender.ts';
import { createWebhookStore } from './outbox/webhook-store.ts';
import { createWebhookSubscriptions } from './outbox/webhook-subscriptions.ts';
import { type KeypadBusConfig, startKeypadBus } from './peripherals/keypad-bridge.ts';
import { openSignBridge, type SignBridge, type SignBridgeFile } from './peripherals/sign-bridge.ts';
import { createIdentityVault } from './privacy/identity-vault.ts';
import { createSecretBox } from './privacy/secret-box.ts';
import { createPublicSide, type PublicSide, type PublicSideConfig } from './public/public-side.ts';
import { createRatingDesk } from './rating-desk.ts';
import { createPhoneBook } from './sms/phone-book.ts';
import { createSmsAdmin } from './sms/sms-admin.ts';
import { smsHallOf } from './sms/sms-hall.ts';
import { createSmsOutbox } from './sms/sms-outbox.ts';
import type { SmsSender } from './sms/sms-sender.ts';
import { createSmsStore } from './sms/sms-store.ts';
import { DEFAULT_ADMISSION_SETTINGS } from './socket/admission/defaults.ts';

export { DEFAULT_ADMISSION_SETTINGS };

import { createSocketServer, type SocketHub, type SocketSettings } from './socket/socket-server.ts';
import { createStorageDesk } from './storage-desk.ts';
import { createAccounts } from './store/accounts.ts';
import { SYSTEM_ACTOR } from './store/event-log.ts';
import { createBehaviourWatch } from './supervision/behaviour-watch.ts';
import { createSupervisionDesk } from './supervision/supervision-desk.ts';
import { webhookAlerts } from './supervision/webhook-alerts.ts';
import { createPrintPermits, ephemeralPrintKey } from './tickets/print-permits.ts';
import { createTicketTokens } from './tickets/ticket-tokens.ts';

export interface HubConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  readonly webApps: readonly WebApp[];
  readonly socket: SocketSettings;
  /** How often the hub looks at the clock for the day change, rating timeouts and backups. */
  readonly tickMs: number;
  /** The daily backup; `retryMs` after a failed one (default 10 min). */
  readonly backup: { readonly folder: string; readonly keepDays: number; readonly retryMs?: number } | null;
  /**
   * The out-of-band high-water mark file (beside the database): checked at start, written after every
   * committed batch. Absent or null: no mark (in-memory test halls).
   */
  readonly markFile?: string | null;
  /**
   * The WAL is copied into the database file after a batch has been answered, at most this often (ms; default
   * 250), so that no queue command waits for a checkpoint inside its commit. 0: SQLite checkpoints inside
   * commits, as it does alone.
   */
  readonly walCheckpointMs?: number;
  /** Identity data of tickets older than this is purged. */
  readonly identityRetentionDays: number;
  /** Caller keypads on a serial bus; absent or null in a hall without keypads. */
  readonly keypads?: KeypadBusConfig | null;
  /** Window LED signs on a serial bus (HallQ bus v1); absent or null in a hall without them. */
  readonly signs?: SignBridgeFile | null;
  /** Login throttling and locks; absent: the defaults (auth/login-throttle.ts, auth/login-failures.ts). */
  readonly login?: { readonly throttle?: LoginThrottleSettings; readonly locks?: LockPolicy };
  /** Tests only: a lower scrypt cost to stay fast. Absent (always, in main.ts): PASSWORD_COST, N = 2^17. */
  readonly passwordCost?: ScryptCost;
  /**
   * The public listener (visitors' phones: ticket pages, booking): its own host and port, apart from the staff
   * listener, so that it alone can be published through a reverse proxy. Absent or null: none.
   */
  readonly publicListener?: PublicSideConfig | null;
  /** Webhook delivery: back-off, timeout, and (in tests) the HTTP POST itself. */
  readonly webhooks?: {
    readonly retry?: RetryPolicy;
    readonly timeoutMs?: number;
    readonly post?: PostWebhook;
    readonly random?: () => number;
  };
  /** The city centre this hall pushes its log to; absent or null: none (the hall works alone, as ever). */
  readonly central?: CentralSyncConfig | null;
  /** Text messages: the senders this hub has (the hall file picks one), back-off, and (in tests) randomness. */
  readonly sms?: {
    readonly senders?: Partial<Record<SmsSenderKind, SmsSender>>;
    readonly retry?: RetryPolicy;
    readonly random?: () => number;
    readonly sendTimeoutMs?: number;
  };
}

export { DEFAULT_LOGIN_THROTTLE, type LoginThrottleSettings };

export const DEFAULT_SOCKET_SETTINGS: SocketSettings = {
  sessionTtlMs: 12 * 3_600_000,
  ratingTimeoutMs: 60_000,
  commandsPerSecond: 50,
  commandBurst: 200,
  maxMessageBytes: 2 * 1024 * 1024,
  admission: DEFAULT_ADMISSION_SETTINGS,
};

/** The WAL is copied into the database file at most this often (ms), between batches. */
const WAL_CHECKPOINT_MS = 250;

/**
 * The composition root: everything the hub is made of, from its dependencies. Only main.ts opens real files
 * and reads the environment; tests pass an in-memory or temporary database and a clock they control.
 */
export function createHub(deps: {
  db: HubDatabase;
  clock: () => number;
  logger: Logger;
  identityKey: Buffer;
  /** Signs the print permits of issued tickets (Ed25519); a fresh key per process when absent. */
  printKey?: KeyObject;
  config: HubConfig;
}) {
  const { db, clock, logger, config } = deps;
  const epoch = randomUUID();
  const accounts = createAccounts(db, config.passwordCost ? { passwordCost: config.passwordCost } : {});
  const vault = createIdentityVault(deps.identityKey);
  const phones = createPhoneBook(db, deps.identityKey);
  // A ticket's QR code opens its page on the public listener, when the hub has one.
  const printPermits = createPrintPermits(
    deps.printKey ?? ephemeralPrintKey(),
    (ticketId) => publicSide?.ticketPageUrl(ticketId) ?? null,
  );
  let socketHub: SocketHub | null = null;
  let publicSide: PublicSide | null = null;
  let keypads: ReturnType<typeof startKeypadBus> | null = null;
  let signs: SignBridge | null = null;
  const mark: MarkFile | null = config.markFile ? openMarkFile(config.markFile) : null;
  const checkpoints =
    db.memory || config.walCheckpointMs === 0
      ? null
      : createWalCheckpoints(db, {
          minIntervalMs: config.walCheckpointMs ?? WAL_CHECKPOINT_MS,
          now: () => performance.now(),
          logger,
        });
  const hall = createHallService({
    db,
    clock,
    logger,
    epoch,
    mark,
    onBatchAnswered: checkpoints?.afterBatch,
    publish: (update) => {
      socketHub?.publish(update);
      supervisionSoon();
      if (update.change.type === 'ticket:finished') ratings.onFinished(update.change.ticket);
      keypads?.bridge.onHallUpdate(update);
      signs?.onUpdate(update);
      publicSide?.onUpdate(update);
    },
  });
  const caseRecords = createCaseRecordServices({ db, hall, accounts, vault, clock });
  const appointments = createAppointmentDesk({
    db,
    hall,
    vault,
    box: createSecretBox(deps.identityKey, 'appointment identities'),
    printPermits,
    clock,
  });
  const ratings = createRatingDesk({
    db,
    hall,
    accounts,
    records: caseRecords.ratingRecords,
    followUps: caseRecords.followUps,
    clock,
    timeoutMs: config.socket.ratingTimeoutMs,
    sendRequest: (windowId, request) => socketHub?.requestRating(windowId, request),
  });
  const loginFailures = createLoginFailures(db, config.login?.locks ?? DEFAULT_LOCK_POLICY);
  const loginAudit = createLoginAudit({
    write: (type, actor, payload) => hall.audit(type, actor, payload),
  });
  const backgroundScrypt = createBackgroundScrypt();
  const login = createLoginDesk({
    accounts,
    failures: loginFailures,
    throttle: createLoginThrottle(config.login?.throttle ?? DEFAULT_LOGIN_THROTTLE),
    audit: loginAudit,
    clock,
    anonymousDerivation: backgroundScrypt.derive,
  });
  const outbox = createOutbox(db);
  const webhookStore = createWebhookStore(db, createSecretBox(deps.identityKey, 'webhook signing secrets'));
  const ratingOf = db.prepare<
    [string],
    {
      window_id: string;
      clerk_id: string | null;
      level: number | null;
      tags: string;
      comment: string;
      at: number;
    }
  >('SELECT window_id, clerk_id, level, tags, comment, at FROM ratings WHERE ticket_id = ?');
  const webhooks = createWebhookSender({
    outbox,
    store: webhookStore,
    lookups: {
      windowNumber: (windowId) => hall.hall().windows.find((w) => w.id === windowId)?.number ?? null,
      rating(ticketId) {
        const row = ratingOf.get(ticketId);
        return row
          ? {
              windowId: row.window_id,
              clerkId: row.clerk_id,
              level: row.level,
              tags: JSON.parse(row.tags) as string[],
              comment: row.comment,
              at: row.at,
              record: caseRecords.ratingRecords.fieldsOf(ticketId),
            }
          : null;
      },
    },
    clock,
    random: config.webhooks?.random ?? Math.random,
    logger,
    durableLogId: hall.durableLogId,
    persist: (write) => {
      hall.bookkeeping(write);
    },
    ...(config.webhooks?.post ? { post: config.webhooks.post } : {}),
    ...(config.webhooks?.timeoutMs ? { timeoutMs: config.webhooks.timeoutMs } : {}),
    ...(config.webhooks?.retry ? { retry: config.webhooks.retry } : {}),
  });
  hall.onDurable(() => webhooks.wake());
  const central = config.central
    ? createCentralSync({
        outbox,
        durableLogId: hall.durableLogId,
        persist: (write) => {
          hall.bookkeeping(write);
        },
        ratingOf: ratingDetailReader(db),
        clock,
        random: Math.random,
        logger,
        config: config.central,
        witness: createCentreWitness({ hall, onLoss: () => supervisionSoon() }),
      })
    : null;
  if (central) {
    hall.onDurable(() => central.wake());
    announceHallConfiguration(hall);
  }
  const dayStart = db.prepare<[number], { id: number | null }>(
    "SELECT MAX(id) AS id FROM events WHERE type = 'day:changed' AND id <= ?",
  );
  const smsStore = createSmsStore(db);
  const smsSenders = config.sms?.senders ?? {};
  const sms = createSmsOutbox({
    outbox,
    store: smsStore,
    phones,
    appointments: {
      byCode: (code) => appointments.store.byCode(code),
      onDay: (day) => appointments.store.day(day),
      phoneOf: (code) => appointments.phoneOf(code),
    },
    hall: smsHallOf(hall, (ticketId) => publicSide?.ticketPageUrl(ticketId) ?? null),
    senders: smsSenders,
    clock,
    random: config.sms?.random ?? Math.random,
    logger,
    durableLogId: hall.durableLogId,
    persist: (write) => hall.bookkeeping(write).ok,
    persistSoon: hall.bookkeepingSoon,
    settled: () => hall.settled(),
    dayStartBefore: (entryId) => dayStart.get(entryId)?.id ?? 0,
    ...(config.sms?.retry ? { retry: config.sms.retry } : {}),
    ...(config.sms?.sendTimeoutMs ? { sendTimeoutMs: config.sms.sendTimeoutMs } : {}),
  });
  hall.onDurable(() => sms.wake());
  const smsAdmin = createSmsAdmin({
    db,
    store: smsStore,
    hall,
    clock,
    senderConfigured: (kind) => kind in smsSenders,
    wake: sms.wake,
  });
  const webhookSubscriptions = createWebhookSubscriptions({
    store: webhookStore,
    outbox,
    sender: webhooks,
    clock,
    write: (write) => hall.bookkeeping(write),
  });
  const apiClients = createApiClients(db);
  const apiThrottled = createTalliedAudit<'api:throttled'>({
    write: (type, actor, payload) => hall.audit(type, actor, payload),
    overflowDetail: { clientId: '*', name: '*', limit: '*' },
  });
  const apiRouter = createApiRouter({
    throttled: apiThrottled,
    clients: apiClients,
    handlers: createApiHandlers({
      db,
      hall,
      admin: () => admin,
      outbox,
      webhookStore,
      webhooks: webhookSubscriptions,
      attachCaseNumber: caseRecords.attachCaseNumber,
      appointments: () => appointments,
      clock,
    }),
    hall,
    clock,
    logger,
    version: '1.0.0',
  });
  const handler = createHttpHandler({
    api: apiRouter,
    health: () => ({
      ok: true,
      epoch,
      seq: hall.log.hallSeq(),
      businessDay: hall.state().businessDay,
      waiting: [...hall.state().tickets.values()].filter((t) => t.status === 'waiting').length,
      // Each consumer of the outbox (webhook subscriptions …) and how far behind it is.
      outbox: outbox.consumers(clock()),
    }),
    apps: config.webApps,
    printKeyPem: printPermits.publicKeyPem,
    tls: config.tls !== null,
    onError: (error, request) => logger.error({ err: error, ...request }, 'http request failed'),
  });
  const storage = createStorageDesk({ db, hall, clock, logger, backup: config.backup });
  const behaviour = createBehaviourWatch({
    db,
    hall: () => hall.hall(),
    businessDay: () => hall.state().businessDay,
    durableLogId: hall.durableLogId,
    accounts,
  });
  const supervision = createSupervisionDesk({
    db,
    hall,
    accounts,
    clock,
    storage: () => ({ backup: storage.backupHealth(), lostCommits: hall.lostCommits() }),
    isOnline: (deviceId) => socketHub?.isOnline(deviceId) ?? false,
    push: (view) => socketHub?.io.to(['role:supervisor', 'role:admin']).emit('supervision:update', view),
    moreConditions: (now) => [
      ...caseRecords.overdueFollowUpAlerts(now),
      ...webhookAlerts(webhookStore.list()),
      ...behaviour.conditions(now),
    ],
  });
  const admin: AdminServices = createAdminServices({
    db,
    hall,
    accounts,
    supervision,
    apiClients: createApiClientAdmin({ clients: apiClients, hall, webhookStore, outbox, clock }),
    storage,
    webhooks: createWebhookAdmin({
      store: webhookStore,
      outbox,
      sender: webhooks,
      clients: apiClients,
      hall,
      clock,
    }),
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
  http.on('connect', refuseTunnel);
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
    phones,
    sms: smsAdmin,
    printPermits,
    ratings,
    clock,
    logger,
    settings: config.socket,
    admin: () => admin,
    login,
    caseRecords: () => caseRecords,
    appointments: () => appointments,
  });

  /** Work that depends only on time passing: the day change, rating timeouts, the daily backup, retention. */
  async function tick(): Promise<void> {
    const outcome = hall.execute({ type: 'clock:tick' }, SYSTEM_ACTOR);
    if (!outcome.ok) logger.warn({ error: outcome.error }, 'tick not applied');
    hall.refreshOutlook();
    ratings.sweep();
    socketHub?.endExpiredSessions();
    loginAudit.flush(clock());
    apiThrottled.flush(clock());
    loginFailures.prune(clock());
    supervision.check();
    hall.store.purgeIdentities(clock() - config.identityRetentionDays * 86_400_000);
    phones.purge(clock() - config.identityRetentionDays * 86_400_000);
    caseRecords.ratingRecords.purgeApplicants(clock() - config.identityRetentionDays * 86_400_000);
    appointments.sweepMissed();
    sms.remindAppointments();
    appointments.purgeIdentities(clock() - config.identityRetentionDays * 86_400_000);
    ticketTokens.purge(clock() - config.identityRetentionDays * 86_400_000);
    await storage.daily(hall.state().businessDay);
  }

  const ticketTokens = createTicketTokens({ db, clock, persist: (write) => hall.bookkeeping(write) });
  publicSide = config.publicListener
    ? createPublicSide({
        config: config.publicListener,
        tls: config.tls,
        clock,
        onError: (error, request) => logger.error({ err: error, ...request }, 'public request failed'),
        booking: { appointments },
        hall,
        tokens: ticketTokens,
        ratings,
      })
    : null;

  let timer: NodeJS.Timeout | null = null;
  /** Supervision runs at least once a second, whatever the tick, so an alert shows within a second. */
  let supervisionTimer: NodeJS.Timeout | null = null;

  return {
    hall,
    accounts,
    vault,
    phones,
    sms,
    ratings,
    caseRecords,
    appointments,
    supervision,
    behaviour,
    storage,
    admin,
    tick,
    outbox,
    central,
    ticketTokens,
    /** The address of a ticket's page (what its QR code opens), null without a public listener. */
    ticketPageUrl: (ticketId: string) => publicSide?.ticketPageUrl(ticketId) ?? null,
    /** Ticket pages listening now (their streams on the public listener). */
    ticketPageStreams: () => publicSide?.openStreams() ?? 0,
    webhooks: { ...webhookSubscriptions, sender: webhooks, deliveries: webhookStore.deliveries },
    get io() {
      return socketHub!.io;
    },
    /** Listens; `publicUrl` is the public listener's address, null without one. */
    async listen(): Promise<{ url: string; port: number; publicUrl: string | null }> {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      const publicUrl = publicSide ? (await publicSide.listen()).url : null;
      if (config.keypads) keypads = startKeypadBus(config.keypads, { hall, logger });
      // Whatever the log holds that a subscription has not had yet (the hub was down, or it failed) goes now.
      webhooks.wake();
      central?.wake();
      sms.wake();
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
      return { url: `${config.tls ? 'https' : 'http'}://${host}:${port}`, port, publicUrl };
    },
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      if (supervisionTimer) clearInterval(supervisionTimer);
      if (supervisionPending) clearTimeout(supervisionPending);
      await keypads?.close();
      keypads = null;
      await signs?.close();
      signs = null;
      await webhooks.close();
      await central?.close();
      await sms.close();
      await admin.planner.close();
      // Whatever the last commands wrote is committed before the connections go, with the login counts.
      loginAudit.flush(clock(), true);
      hall.flush();
      // Socket.IO's close also closes the HTTP server, whose callback waits for every connection to end: an
      // upgraded WebSocket waits for the browser's closing handshake (up to 30 s), a busy browser longer. A hub
      // that is closing ends its connections itself; clients reconnect to the next hub.
      const closed = socketHub!.close();
      for (const connection of connections) connection.destroy();
      await Promise.all([closed, publicSide?.close()]);
      await backgroundScrypt.close();
      mark?.close();
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
