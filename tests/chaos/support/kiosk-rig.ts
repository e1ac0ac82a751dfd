/**
 * A kiosk as a hall runs it, without the browser: the real hub (createHub, logging everything at trace level to a
 * file), the real device agent with the ESC/POS printer simulator on TCP (behind a proxy that keeps every byte
 * the printer received), and the kiosk's own visitor flow (`kioskTransition`) driving them, effect by effect,
 * as the renderer does.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket as NetSocket, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetworkPrinterTransport,
  createTicketPrinter,
  loadProfile,
  maskName,
  type TicketPrinterProfile,
} from '@hallq/devices';
import { type PrinterSimulator, startPrinterSimulator } from '@hallq/devices/testing';
import { createHub, DEFAULT_SOCKET_SETTINGS, type Hub } from '@hallq/hub';
import { openDatabase } from '@hallq/hub/local-tools';
import { connectClient, HALL_MORNING, manualClock, type TestClient, testHall } from '@hallq/hub/testing';
import type { HallConfig, IdentityInput } from '@hallq/protocol';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createKioskAgent, fetchPrintKey, type KioskAgent } from '../../../apps/kiosk/agent/index.ts';
import {
  initialKioskState,
  type KioskEffect,
  type KioskEvent,
  type KioskState,
  kioskTransition,
} from '../../../apps/kiosk/src/logic/kiosk-flow.ts';
import { printJobOf, splitHubMessage } from '../../../apps/kiosk/src/logic/print-job.ts';
import { REPO_ROOT } from '../../support/browser.ts';

const RIG_PAIRING = 'kiosk-rig-pairing-secret-0001';

export interface KioskRig {
  readonly dir: string;
  readonly logFile: string;
  readonly dbFile: string;
  readonly hub: Hub;
  readonly db: ReturnType<typeof openDatabase>;
  readonly hubUrl: string;
  readonly clock: ReturnType<typeof manualClock>;
  readonly kiosk: TestClient;
  readonly printer: PrinterSimulator;
  /** Every byte the printer received, in order. */
  printedBytes(): Buffer;
  /** Agent log lines (the agent logs through its own logger). */
  readonly agentLogs: string[];
  /** A visitor touches a service (with the identity from a card, or none) and the flow runs to its end. */
  visit(serviceId: string, identity?: IdentityInput | null): Promise<KioskState>;
  /** The visitor (or staff) presses "retry" on the current screen. */
  retry(): Promise<KioskState>;
  readonly state: KioskState;
  /** Called before each effect runs, to change the world between two steps of the flow. */
  beforeEffect: ((effect: KioskEffect) => void) | null;
  close(): Promise<void>;
}

const SETTLE_STEPS = 20;

/** A TCP proxy in front of the printer that records what passes towards it and can be cut. */
async function recordingProxy(target: number): Promise<{ port: number; bytes: Buffer[]; server: Server }> {
  const bytes: Buffer[] = [];
  const sockets = new Set<NetSocket>();
  const server = createServer((client) => {
    const upstream = netConnect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      bytes.push(Buffer.from(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return { port: address.port, bytes, server };
}

export async function startKioskRig(options: { hall?: HallConfig; start?: number } = {}): Promise<KioskRig> {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-kiosk-rig-'));
  const logFile = join(dir, 'hub.log');
  const dbFile = join(dir, 'hallq.db');
  const db = openDatabase(dbFile);
  const hall = options.hall ?? testHall({ services: 2, windows: 2 });
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('hall', JSON.stringify(hall));
  const clock = manualClock(options.start ?? HALL_MORNING);
  // Synchronous, so that what the hub logged is in the file when a test reads it.
  const logStream = pino.destination({ dest: logFile, sync: true });
  const hub = createHub({
    db,
    clock: clock.now,
    logger: pino({ level: 'trace' }, logStream),
    identityKey: Buffer.alloc(32, 9),
    config: {
      host: '127.0.0.1',
      port: 0,
      tls: null,
      webApps: [],
      socket: DEFAULT_SOCKET_SETTINGS,
      tickMs: 0,
      backup: null,
      identityRetentionDays: 180,
    },
  });
  const { url: hubUrl } = await hub.listen();
  const { token } = hub.accounts.addDevice({
    kind: 'kiosk',
    name: 'rig kiosk',
    windowId: null,
    zone: null,
    now: clock.now(),
  });
  const kiosk = await connectClient(hubUrl, { deviceToken: token });

  const printer = await startPrinterSimulator();
  const proxy = await recordingProxy(printer.port);
  const profile = (await loadProfile(
    join(REPO_ROOT, 'hardware-profiles', 'ticket-printer-generic-80mm-network.json'),
  )) as TicketPrinterProfile;
  const agentLogs: string[] = [];
  const log = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    agentLogs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const printKey = await fetchPrintKey(hubUrl);
  const agent: KioskAgent = createKioskAgent({
    reader: null,
    printer: createTicketPrinter({
      transport: createNetworkPrinterTransport({ url: `tcp://127.0.0.1:${proxy.port}` }),
      profile,
      logger,
    }),
    logger,
    maskName,
    allowOrigin: (origin) => origin === new URL(hubUrl).origin,
    pairingSecret: RIG_PAIRING,
    printKey: () => printKey,
    clock: clock.now,
  });
  const { url: agentUrl } = await agent.listen(0);
  // Connected as the kiosk page is: from the hub's origin, with the pairing secret of this boot.
  const agentSocket: Socket = io(agentUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin: new URL(hubUrl).origin },
    auth: { pairing: RIG_PAIRING },
  });
  await new Promise<void>((resolve, reject) => {
    agentSocket.once('connect', () => resolve());
    agentSocket.once('connect_error', reject);
  });

  let state: KioskState = initialKioskState;

  /** Runs one effect as the renderer does and returns the event it produces (null: nothing to feed back). */
  async function run(effect: KioskEffect): Promise<KioskEvent | null> {
    switch (effect.type) {
      case 'check-printer': {
        const readiness = await agentSocket.timeout(30_000).emitWithAck('printer:status', {});
        return { type: 'printer-checked', requestId: effect.requestId, readiness };
      }
      case 'issue-ticket': {
        const { attempt } = effect;
        const answer = await kiosk.call('ticket:issue', {
          requestId: attempt.requestId,
          serviceId: attempt.serviceId,
          identity: attempt.identity,
        });
        return answer.ok
          ? { type: 'ticket-issued', requestId: attempt.requestId, issued: answer.data }
          : {
              type: 'issue-failed',
              requestId: attempt.requestId,
              code: answer.error.code,
              message: splitHubMessage(answer.error.message),
            };
      }
      case 'print-ticket': {
        const job = printJobOf(effect.issued, hall.rules.timeZone);
        const result = await agentSocket.timeout(30_000).emitWithAck('ticket:print', {
          jobId: effect.attempt.requestId,
          ticket: job,
          permit: effect.issued.printPermit,
        });
        return result.ok
          ? { type: 'ticket-printed', requestId: effect.attempt.requestId, warnings: result.warnings }
          : {
              type: 'print-failed',
              requestId: effect.attempt.requestId,
              problem: { code: result.code, message: result.message },
            };
      }
      case 'mark-daily-limit':
      case 'speak':
      // The rig's visitors take tickets by service; appointment lookups and check-ins are not part of its load.
      case 'find-appointment':
      case 'check-in':
        return null;
    }
  }

  async function feed(event: KioskEvent): Promise<KioskState> {
    let pending: KioskEvent[] = [event];
    for (let step = 0; step < SETTLE_STEPS && pending.length > 0; step += 1) {
      const next: KioskEvent[] = [];
      for (const e of pending) {
        const t = kioskTransition(state, e);
        state = t.state;
        for (const effect of t.effects) {
          rig.beforeEffect?.(effect);
          const produced = await run(effect);
          if (produced) next.push(produced);
        }
      }
      pending = next;
    }
    return state;
  }

  const rig: KioskRig = {
    beforeEffect: null,
    dir,
    logFile,
    dbFile,
    hub,
    db,
    hubUrl,
    clock,
    kiosk,
    printer,
    printedBytes: () => Buffer.concat(proxy.bytes),
    agentLogs,
    async visit(serviceId, identity = null) {
      state = initialKioskState;
      if (identity) {
        await feed({
          type: 'card-read',
          card: { cardType: identity.cardType, maskedName: maskName(identity.name), identity },
        });
      }
      return feed({ type: 'service-touched', serviceId, requestId: randomUUID() });
    },
    retry: () => feed({ type: 'retry' }),
    get state() {
      return state;
    },
    async close() {
      agentSocket.disconnect();
      kiosk.close();
      await agent.close();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
      await printer.close();
      await hub.close();
      db.close();
      logStream.flushSync();
      logStream.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
