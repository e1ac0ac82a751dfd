/**
 * The kiosk's device agent: owns the ID-card reader and the ticket printer and serves them to the renderer over
 * Socket.IO on 127.0.0.1. `createKioskAgent(deps)` takes its devices; only `main.ts` opens real ones.
 *
 * Privacy: a card's identity goes to the connected renderers (which send it to the hub inside `ticket:issue`)
 * and nowhere else. Nothing here logs a name or an ID number; logs carry only masked or technical data.
 */
import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type BarcodeScanner,
  type CardRefusal,
  checkReady,
  DeviceDisconnectedError,
  DeviceTimeoutError,
  type IdCardReader,
  type IdentityCard,
  PrinterNotReadyError,
  type PrinterStatus,
  type SerialStatus,
  TicketLayoutError,
  type TicketPrinter,
} from '@hallq/devices';
import { type DeviceComponentStatus, IdentityInput } from '@hallq/protocol';
import { Server, type Socket } from 'socket.io';
import {
  type AgentClientToServerEvents,
  AgentCommands,
  type AgentServerToClientEvents,
  agentProblemMessages,
  type Bilingual,
  type CardReadEvent,
  type CardRefusedEvent,
  type DevicesStatus,
  type KioskCardType,
  type PrinterProblemCode,
  type PrinterReadiness,
  type PrintResult,
  type ScannerStatus,
} from '../src/agent-protocol.ts';
import { agentHosts, hostAllowed, pairingMatches, requestPath } from './agent-access.ts';
import { checkPrintPermit } from './print-permit-check.ts';

/** Structured log lines; callers pass no personal data (the agent never does). */
export interface AgentLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const silentAgentLogger: AgentLogger = { info() {}, warn() {}, error() {} };

export interface KioskAgentDeps {
  readonly reader: IdCardReader | null;
  readonly printer: TicketPrinter | null;
  /**
   * The QR / barcode scanner: a serial one the agent reads, or the settings of a keyboard-wedge one that the page
   * reads itself (sent to it as `scanner:status`). Absent: none.
   */
  readonly scanner?: ScannerDevice | null;
  readonly logger?: AgentLogger;
  /** Which web origins may connect: the hub serving the kiosk page. A connection without an Origin is refused. */
  readonly allowOrigin: (origin: string) => boolean;
  /** The per-boot secret only the kiosk shell and its page hold; every Socket.IO connection must present it. */
  readonly pairingSecret: string;
  /** The hub's print-permit key (null until it is known: then nothing prints). */
  readonly printKey: () => KeyObject | null;
  /** Now, for the permits' expiry. */
  readonly clock?: () => number;
  /** How often the printer's status is read for the hub's device report; 0 = only around prints. */
  readonly printerPollMs?: number;
  /** Masks a name for screens ('王*娜'); the devices package's `maskName`. */
  readonly maskName: (name: string) => string;
  /** `--simulate` only: `POST /simulator/<command>` (e.g. `card/resident`, `printer/paper-out`) runs this. */
  readonly simulatorControl?: (command: string) => string;
}

export type ScannerDevice =
  | { readonly kind: 'serial'; readonly scanner: BarcodeScanner }
  | { readonly kind: 'hid-keyboard'; readonly settings: Extract<ScannerStatus, { kind: 'hid-keyboard' }> };

export interface KioskAgent {
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** The current device report (also pushed as `devices:status`). */
  status(): DevicesStatus;
  /** Reads the printer now and pushes the report if it changed. */
  refreshPrinter(): Promise<PrinterReadiness>;
  close(): Promise<void>;
}

const PROBLEM_CODES = new Set<string>(Object.keys(agentProblemMessages));

const problem = (
  code: PrinterProblemCode,
  message?: Bilingual,
): { code: PrinterProblemCode; message: Bilingual } => ({
  code,
  message: message ?? agentProblemMessages[code],
});

/** Maps whatever the printer driver threw to a problem code the renderer can show. */
export function printerProblemOf(error: unknown): { code: PrinterProblemCode; message: Bilingual } {
  if (error instanceof PrinterNotReadyError) {
    return PROBLEM_CODES.has(error.code) ? problem(error.code, error.messages) : problem('PRINTER_ERROR');
  }
  if (error instanceof TicketLayoutError) return problem('INVALID_TICKET');
  if (error instanceof DeviceTimeoutError) return problem('TIMEOUT');
  if (error instanceof DeviceDisconnectedError) return problem('DISCONNECTED');
  return problem('PRINTER_ERROR');
}

export function readinessOf(status: PrinterStatus): PrinterReadiness {
  const ready = checkReady(status);
  if (!ready.ok) return { ready: false, ...problem(ready.code, ready.message) };
  return { ready: true, warnings: ready.warnings.map((w) => ({ zh: w.message.zh, en: w.message.en })) };
}

const CARD_TYPES: Readonly<Record<IdentityCard['cardType'], KioskCardType>> = {
  resident: 'resident',
  'hk-macao-taiwan-residence': 'hk-mo-tw',
  'foreign-permanent-2017': 'foreign-2017',
  'foreign-permanent-2023': 'foreign-2023',
};

/** What the renderer gets for a card: the masked name to show and the identity the hub checks. */
export function cardReadEventOf(card: IdentityCard, maskName: (name: string) => string): CardReadEvent {
  const cardType = CARD_TYPES[card.cardType];
  const name = card.name.trim();
  const candidate = { idNumber: card.idNumber, name: name.slice(0, 60), birthDate: card.birthDate, cardType };
  // A card whose fields do not fit what the hub accepts still greets the visitor, who takes a ticket without it.
  const identity: IdentityInput | null = IdentityInput.safeParse(candidate).success ? candidate : null;
  return { cardType, maskedName: maskName(name) || '*', identity };
}

export function cardRefusedEventOf(refusal: CardRefusal): CardRefusedEvent {
  return { code: refusal.code, message: { zh: refusal.zh, en: refusal.en } };
}

const joinMessage = (m: Bilingual): string => `${m.zh} · ${m.en}`.slice(0, 300);

function readerComponent(reader: IdCardReader | null, status: SerialStatus): DeviceComponentStatus {
  if (!reader) {
    return {
      component: 'id-reader',
      state: 'disconnected',
      code: 'NOT_CONFIGURED',
      message: '未配置身份证阅读器 · No ID card reader configured',
    };
  }
  return status === 'connected'
    ? { component: 'id-reader', state: 'ok', code: null, message: '身份证阅读器正常 · ID card reader ready' }
    : {
        component: 'id-reader',
        state: 'disconnected',
        code: 'DISCONNECTED',
        message: '身份证阅读器未连接 · ID card reader disconnected',
      };
}

/** A serial scanner's line, for the hub's device report; a keyboard-wedge scanner cannot be watched (null). */
function serialScannerComponent(device: ScannerDevice | null): DeviceComponentStatus | null {
  if (device?.kind !== 'serial') return null;
  return device.scanner.status === 'connected'
    ? { component: 'scanner', state: 'ok', code: null, message: '扫码器正常 · QR scanner ready' }
    : {
        component: 'scanner',
        state: 'disconnected',
        code: 'DISCONNECTED',
        message: '扫码器未连接 · QR scanner disconnected',
      };
}

function printerComponent(readiness: PrinterReadiness | null): DeviceComponentStatus {
  if (readiness === null) {
    return {
      component: 'printer',
      state: 'warning',
      code: 'UNKNOWN',
      message: '打印机状态未知 · Printer status not read yet',
    };
  }
  if (readiness.ready) {
    const warning = readiness.warnings[0];
    return warning
      ? { component: 'printer', state: 'warning', code: 'PAPER_NEAR_END', message: joinMessage(warning) }
      : { component: 'printer', state: 'ok', code: null, message: '打印机正常 · Printer ready' };
  }
  const state =
    readiness.code === 'DISCONNECTED' || readiness.code === 'NO_PRINTER' ? 'disconnected' : 'error';
  return { component: 'printer', state, code: readiness.code, message: joinMessage(readiness.message) };
}

const tooLong: Bilingual = {
  zh: '扫描内容过长，不是本大厅的预约码',
  en: 'That code is too long to be a booking code of this hall.',
};

const sameStatus = (a: DevicesStatus, b: DevicesStatus): boolean => JSON.stringify(a) === JSON.stringify(b);

/** How many finished print jobs are remembered for replays. */
const PRINTED_JOBS_KEPT = 200;

export function createKioskAgent(deps: KioskAgentDeps): KioskAgent {
  const logger = deps.logger ?? silentAgentLogger;
  const { reader, printer } = deps;
  let readerStatus: SerialStatus = reader?.status ?? 'disconnected';
  let printerReadiness: PrinterReadiness | null = printer ? null : { ready: false, ...problem('NO_PRINTER') };
  let current: DevicesStatus = { components: [] };
  /** Finished jobs by ticket id: a replayed `ticket:print` answers from here instead of printing twice. */
  const printed = new Map<string, PrintResult>();
  /** Jobs in progress by ticket id, so a double tap waits for the same print. */
  const printing = new Map<string, Promise<PrintResult>>();
  const unsubscribers: (() => void)[] = [];
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let closed = false;

  const clock = deps.clock ?? Date.now;
  /** The Host names that reach this agent; empty until it listens (nothing is served before). */
  let hosts: ReadonlySet<string> = new Set();

  const plain = (response: ServerResponse, status: number, text: string): void => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`${text}\n`);
  };

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    // Socket.IO answers its own path (after its own Host, Origin and pairing checks below).
    if (request.url?.startsWith('/socket.io/')) return;
    if (!hostAllowed(hosts, request.headers.host)) {
      plain(response, 421, 'misdirected request');
      return;
    }
    const path = requestPath(request.url);
    if (path === null) {
      plain(response, 400, 'bad request');
      return;
    }
    if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        plain(response, 405, 'method not allowed');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, ...current }));
      return;
    }
    const control = deps.simulatorControl;
    // The simulator's controls are for a terminal (curl), never for a web page: a request with an Origin is refused.
    if (control && request.method === 'POST' && path.startsWith('/simulator/')) {
      if (request.headers.origin !== undefined) {
        plain(response, 403, 'forbidden');
        return;
      }
      const command = path.slice('/simulator/'.length).replace(/\//g, ' ').slice(0, 200);
      plain(response, 200, control(command));
      return;
    }
    plain(response, 404, 'not found');
  };

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    // The last-resort guard: whatever a request does here ends that request, never the agent.
    try {
      route(request, response);
    } catch (error) {
      logger.error('http request failed', { error: String(error) });
      if (response.headersSent) response.destroy();
      else plain(response, 500, 'internal error');
    }
  });
  // CONNECT (a proxy tunnel request) would otherwise be left unanswered.
  http.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  const io = new Server<AgentClientToServerEvents, AgentServerToClientEvents>(http, {
    serveClient: false,
    cors: {
      origin: (origin, callback) => callback(null, origin !== undefined && deps.allowOrigin(origin)),
    },
    // Only the kiosk page's origin, and only by the agent's own name (a rebound DNS name is refused).
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      const allowed =
        hostAllowed(hosts, request.headers.host) && origin !== undefined && deps.allowOrigin(origin);
      if (!allowed) logger.warn('connection refused', { reason: 'origin or host' });
      callback(null, allowed);
    },
  });
  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const given = typeof auth === 'object' && auth !== null ? Reflect.get(auth, 'pairing') : undefined;
    if (pairingMatches(deps.pairingSecret, given)) {
      next();
      return;
    }
    logger.warn('connection refused', { reason: 'pairing' });
    next(new Error('NOT_PAIRED'));
  });

  const publish = (): void => {
    const scanner = serialScannerComponent(deps.scanner ?? null);
    const next: DevicesStatus = {
      components: [
        readerComponent(reader, readerStatus),
        printerComponent(printerReadiness),
        ...(scanner ? [scanner] : []),
      ],
    };
    if (sameStatus(next, current)) return;
    current = next;
    io.emit('devices:status', current);
  };

  const setPrinterReadiness = (readiness: PrinterReadiness): void => {
    printerReadiness = readiness;
    publish();
  };

  const readPrinter = async (): Promise<PrinterReadiness> => {
    if (!printer) return { ready: false, ...problem('NO_PRINTER') };
    let readiness: PrinterReadiness;
    try {
      readiness = readinessOf(await printer.status());
    } catch (error) {
      readiness = { ready: false, ...printerProblemOf(error) };
    }
    if (!readiness.ready) logger.warn('printer not ready', { code: readiness.code });
    setPrinterReadiness(readiness);
    return readiness;
  };

  const print = async (ticket: Parameters<TicketPrinter['printTicket']>[0]): Promise<PrintResult> => {
    if (!printer) return { ok: false, ...problem('NO_PRINTER') };
    try {
      const outcome = await printer.printTicket(ticket);
      const warnings = outcome.warnings.map((w) => ({ zh: w.message.zh, en: w.message.en }));
      setPrinterReadiness(readinessOf(outcome.statusAfter));
      logger.info('ticket printed', { ticket: ticket.number, warnings: outcome.warnings.map((w) => w.code) });
      return { ok: true, warnings, replayed: false };
    } catch (error) {
      const failure = printerProblemOf(error);
      logger.warn('ticket not printed', { ticket: ticket.number, code: failure.code, error: String(error) });
      setPrinterReadiness({ ready: false, ...failure });
      return { ok: false, ...failure };
    }
  };

  const remember = (jobId: string, result: PrintResult): void => {
    printed.set(jobId, { ...result, ...(result.ok && { replayed: true }) } as PrintResult);
    if (printed.size > PRINTED_JOBS_KEPT) {
      const oldest = printed.keys().next().value;
      if (oldest !== undefined) printed.delete(oldest);
    }
  };

  const scannerDevice = deps.scanner ?? null;
  const scannerStatus = (): ScannerStatus => {
    if (!scannerDevice) return { kind: 'none' };
    if (scannerDevice.kind === 'hid-keyboard') return scannerDevice.settings;
    return { kind: 'serial', connected: scannerDevice.scanner.status === 'connected' };
  };

  const onConnection = (socket: Socket<AgentClientToServerEvents, AgentServerToClientEvents>): void => {
    socket.emit('devices:status', current);
    socket.emit('scanner:status', scannerStatus());

    socket.on('printer:status', (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const answer = ack as (a: PrinterReadiness) => void;
      if (!AgentCommands['printer:status'].request.safeParse(raw).success) {
        answer({
          ready: false,
          ...problem('INVALID_TICKET', { zh: '请求格式错误', en: 'Malformed request' }),
        });
        return;
      }
      void readPrinter().then(answer);
    });

    socket.on('ticket:print', (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const answer = ack as (a: PrintResult) => void;
      const parsed = AgentCommands['ticket:print'].request.safeParse(raw);
      if (!parsed.success) {
        logger.warn('malformed print request', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
        answer({ ok: false, ...problem('INVALID_TICKET') });
        return;
      }
      const { ticket, permit } = parsed.data;
      const verdict = checkPrintPermit(permit, ticket, deps.printKey(), clock());
      if (!verdict.ok) {
        logger.warn('print refused: no valid hub permit', { reason: verdict.reason });
        answer({ ok: false, ...problem('UNVERIFIED_TICKET') });
        return;
      }
      // One paper ticket per issued ticket, whatever job id a replay carries.
      const ticketId = verdict.claims.ticketId;
      const done = printed.get(ticketId);
      if (done?.ok) {
        answer(done);
        return;
      }
      let job = printing.get(ticketId);
      if (!job) {
        job = print({ ...ticket, qrPayload: verdict.claims.qr }).then((result) => {
          printing.delete(ticketId);
          if (result.ok) remember(ticketId, result);
          return result;
        });
        printing.set(ticketId, job);
      }
      void job.then(answer);
    });
  };
  io.on('connection', onConnection);

  if (reader) {
    unsubscribers.push(
      reader.on('reader:status', (status) => {
        readerStatus = status;
        publish();
      }),
      reader.on('card:read', (card) => {
        // Only connected renderers get the card; the log line has nothing personal in it.
        const event = cardReadEventOf(card, deps.maskName);
        logger.info('card read', { cardType: event.cardType, forHub: event.identity !== null });
        io.emit('card:read', event);
      }),
      reader.on('card:refused', (refusal) => {
        logger.info('card refused', { code: refusal.code });
        io.emit('card:refused', cardRefusedEventOf(refusal));
      }),
    );
  }
  if (scannerDevice?.kind === 'serial') {
    const { scanner } = scannerDevice;
    unsubscribers.push(
      scanner.on('scanner:status', (status) => {
        logger.info('scanner status', { status });
        io.emit('scanner:status', scannerStatus());
        publish();
      }),
      scanner.on('scan:read', (code) => {
        // A scanned code names a booking: only its length is logged.
        logger.info('code scanned', { length: code.length });
        if (code.length > 512) {
          io.emit('code:garbled', { reason: 'too-long', message: tooLong });
          return;
        }
        io.emit('code:scanned', { code });
      }),
      scanner.on('scan:garbled', (garbled) => {
        io.emit('code:garbled', { reason: garbled.reason, message: { zh: garbled.zh, en: garbled.en } });
      }),
    );
  }
  publish();

  return {
    async listen(port, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      const address = http.address() as AddressInfo;
      hosts = agentHosts(address.port, host);
      reader?.start();
      if (scannerDevice?.kind === 'serial') scannerDevice.scanner.start();
      const pollMs = deps.printerPollMs ?? 0;
      if (printer) {
        void readPrinter();
        if (pollMs > 0) pollTimer = setInterval(() => void readPrinter(), pollMs);
      }
      return { url: `http://${host}:${address.port}`, port: address.port };
    },
    status: () => current,
    refreshPrinter: readPrinter,
    async close() {
      if (closed) return;
      closed = true;
      if (pollTimer) clearInterval(pollTimer);
      for (const off of unsubscribers) off();
      await Promise.allSettled([...printing.values()]);
      await reader?.stop();
      if (scannerDevice?.kind === 'serial') await scannerDevice.scanner.stop();
      await printer?.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
