import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  createGa467Reader,
  createNetworkPrinterTransport,
  createTicketPrinter,
  type IdCardReaderProfile,
  loadProfile,
  maskName,
  type TicketPrinterProfile,
} from '@hallq/devices';
import {
  createIdReaderSimulator,
  createMockSerialLink,
  expiredResidentCard,
  foreignPermanent2017,
  type IdReaderSimulator,
  type PrinterSimulator,
  residentCard,
  simulatedCard,
  startPrinterSimulator,
} from '@hallq/devices/testing';
import { PRINT_PERMIT_TTL_MS, type PrintPermitClaims } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AgentEventName,
  type AgentEventPayload,
  AgentEvents,
  PrinterReadiness,
  PrintResult,
  type TicketPrintJob,
} from '../src/agent-protocol.ts';
import { createKioskAgent, type KioskAgent } from './agent-server.ts';
import { PRINT_PERMIT_CLOCK_SKEW_MS } from './print-permit-check.ts';

const profiles = join(import.meta.dirname, '../../../hardware-profiles');

const PAIRING = 'pairing-secret-of-this-boot-0123456789';
const NOW = Date.UTC(2026, 10, 28, 2);
const hubKeys = generateKeyPairSync('ed25519');

/** A permit as the hub signs one (apps/hub/src/tickets/print-permits.ts), with any claims a test wants. */
function permitOf(
  claims: Partial<PrintPermitClaims> & { number: string },
  key: KeyObject = hubKeys.privateKey,
) {
  const full: PrintPermitClaims = {
    v: 1,
    ticketId: `t-${claims.number}`,
    qr: `hallq:ticket:t-${claims.number}`,
    issuedAt: NOW,
    expiresAt: NOW + PRINT_PERMIT_TTL_MS,
    ...claims,
  };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${body}.${sign(null, Buffer.from(body), key).toString('base64url')}`;
}

const printRequest = (jobId: string, number: string, visitorName?: string) => ({
  jobId,
  ticket: job(number, visitorName),
  permit: permitOf({ number }),
});

const job = (number: string, visitorName?: string): TicketPrintJob => ({
  hallName: { zh: '测试大厅', en: 'Test Hall' },
  number,
  serviceName: { zh: '不动产登记', en: 'Real estate' },
  peopleAhead: 2,
  estimatedWait: { zh: '约 5–10 分钟', en: 'about 5–10 min' },
  waitingArea: { zh: '一楼A区', en: 'Floor 1, Zone A' },
  issuedAt: '2026-11-28 10:00',
  qrPayload: `hallq:ticket:t-${number}`,
  notice: { zh: '请留意叫号', en: 'Listen for your number' },
  ...(visitorName !== undefined && { visitorName }),
});

interface Harness {
  agent: KioskAgent;
  url: string;
  reader: IdReaderSimulator;
  printer: PrinterSimulator;
  logs: string[];
  printerClosed: boolean;
  printKey: KeyObject | null;
  now: number;
}

let h: Harness;
const sockets: Socket[] = [];

beforeEach(async () => {
  const readerProfile = (await loadProfile(
    join(profiles, 'id-card-reader-generic-ga467.json'),
  )) as IdCardReaderProfile;
  const printerProfile = (await loadProfile(
    join(profiles, 'ticket-printer-generic-80mm-network.json'),
  )) as TicketPrinterProfile;
  const link = createMockSerialLink();
  const reader = createIdReaderSimulator({ endpoint: link.device, haltAfterRead: true });
  const printer = await startPrinterSimulator();
  const logs: string[] = [];
  const log = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const agent = createKioskAgent({
    reader: createGa467Reader({
      profile: { ...readerProfile, pollIntervalMs: 100 },
      path: link.path,
      binding: link.binding,
      now: () => new Date(Date.UTC(2026, 10, 28, 2)),
      logger,
    }),
    printer: createTicketPrinter({
      transport: createNetworkPrinterTransport({ url: printer.url }),
      profile: printerProfile,
      logger,
    }),
    logger,
    maskName,
    allowOrigin: (origin) => origin === 'http://hub.test',
    pairingSecret: PAIRING,
    printKey: () => h.printKey,
    clock: () => h.now,
  });
  const { url } = await agent.listen(0);
  h = { agent, url, reader, printer, logs, printerClosed: false, printKey: hubKeys.publicKey, now: NOW };
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await h.agent.close();
  h.reader.close();
  if (!h.printerClosed) await h.printer.close();
});

/** Connects as the kiosk page would; `null` leaves a header or the pairing secret out. */
const connect = (
  origin: string | null = 'http://hub.test',
  pairing: string | null = PAIRING,
  host: string | null = null,
): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const headers = { ...(origin !== null && { origin }), ...(host !== null && { host }) };
    const socket = io(h.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: headers,
      ...(pairing !== null && { auth: { pairing } }),
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

const next = <E extends AgentEventName>(
  socket: Socket,
  event: E,
  match: (p: AgentEventPayload<E>) => boolean = () => true,
) =>
  new Promise<AgentEventPayload<E>>((resolve) => {
    const handler = (raw: unknown) => {
      const payload = AgentEvents[event].parse(raw) as AgentEventPayload<E>;
      if (!match(payload)) return;
      socket.off(name, handler);
      resolve(payload);
    };
    const name: string = event;
    socket.on(name, handler);
  });

describe('kiosk device agent', () => {
  it('reports the reader and printer, ready', async () => {
    const socket = await connect();
    const status = await next(socket, 'devices:status', (s) => s.components.every((c) => c.state === 'ok'));
    expect(status.components.map((c) => c.component).sort()).toEqual(['id-reader', 'printer']);
  });

  it('sends a placed card once, masked for the screen and whole only for the hub, and never logs it', async () => {
    const socket = await connect();
    const read = next(socket, 'card:read');
    h.reader.placeCard(simulatedCard(residentCard()));
    const card = await read;
    expect(card).toEqual({
      cardType: 'resident',
      maskedName: '王*娜',
      identity: {
        idNumber: '11010519491231002X',
        name: '王美娜',
        birthDate: '1949-12-31',
        cardType: 'resident',
      },
    });
    const all = h.logs.join('\n');
    expect(all).not.toContain('11010519491231002X');
    expect(all).not.toContain('王美娜');
  });

  it('refuses an expired card with the driver’s bilingual message', async () => {
    const socket = await connect();
    const refused = next(socket, 'card:refused');
    h.reader.placeCard(simulatedCard(expiredResidentCard()));
    expect(await refused).toMatchObject({
      code: 'CARD_EXPIRED',
      message: { zh: expect.stringContaining('过有效期') },
    });
  });

  it('passes the 2017 foreigner card (3 letters + 12 digits) to the hub as its own card type', async () => {
    const socket = await connect();
    const read = next(socket, 'card:read');
    h.reader.placeCard(simulatedCard(foreignPermanent2017()));
    expect(await read).toMatchObject({
      cardType: 'foreign-2017',
      identity: { idNumber: 'USA110012345678', cardType: 'foreign-2017' },
      maskedName: '史*斯',
    });
  });

  it('answers printer status from the real DLE EOT bytes', async () => {
    const socket = await connect();
    expect(PrinterReadiness.parse(await socket.emitWithAck('printer:status', {}))).toEqual({
      ready: true,
      warnings: [],
    });
    h.printer.state = 'paper-out';
    expect(await socket.emitWithAck('printer:status', {})).toMatchObject({ ready: false, code: 'PAPER_OUT' });
    h.printer.state = 'cover-open';
    expect(await socket.emitWithAck('printer:status', {})).toMatchObject({
      ready: false,
      code: 'COVER_OPEN',
    });
    h.printer.state = 'near-end';
    const nearEnd = PrinterReadiness.parse(await socket.emitWithAck('printer:status', {}));
    expect(nearEnd.ready && nearEnd.warnings.length).toBe(1);
  });

  it('prints a ticket with the masked name, and a replayed job is not printed twice', async () => {
    const socket = await connect();
    const printed = h.printer.nextTicket();
    const request = printRequest('job-00000001', 'A001', '王*娜');
    expect(PrintResult.parse(await socket.emitWithAck('ticket:print', request))).toEqual({
      ok: true,
      warnings: [],
      replayed: false,
    });
    const ticket = await printed;
    expect(ticket.text).toContain('A001');
    expect(ticket.text).toContain('王*娜');
    expect(await socket.emitWithAck('ticket:print', request)).toEqual({
      ok: true,
      warnings: [],
      replayed: true,
    });
    // A second job for the same issued ticket (a page replaying it) does not print a second paper ticket.
    expect(await socket.emitWithAck('ticket:print', { ...request, jobId: 'job-00000009' })).toMatchObject({
      ok: true,
      replayed: true,
    });
    expect(h.printer.tickets).toHaveLength(1);
  });

  it('refuses to print on paper out (nothing sent) and validates what it is sent', async () => {
    const socket = await connect();
    h.printer.state = 'paper-out';
    expect(await socket.emitWithAck('ticket:print', printRequest('job-00000002', 'A002'))).toMatchObject({
      ok: false,
      code: 'PAPER_OUT',
    });
    expect(h.printer.dataBytesReceived).toBe(0);
    expect(
      await socket.emitWithAck('ticket:print', printRequest('job-00000003', 'A003', '王美娜')),
    ).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    expect(await socket.emitWithAck('ticket:print', 'garbage')).toMatchObject({
      ok: false,
      code: 'INVALID_TICKET',
    });
    h.printer.state = 'ok';
    expect(await socket.emitWithAck('ticket:print', printRequest('job-00000002', 'A002'))).toMatchObject({
      ok: true,
    });
  });

  it('reports a vanished printer as disconnected', async () => {
    const socket = await connect();
    await h.printer.close();
    h.printerClosed = true;
    expect(await socket.emitWithAck('printer:status', {})).toMatchObject({
      ready: false,
      code: 'DISCONNECTED',
    });
    const status = h.agent.status().components.find((c) => c.component === 'printer');
    expect(status).toMatchObject({ state: 'disconnected', code: 'DISCONNECTED' });
  });

  it('accepts the configured origin and refuses other web pages', async () => {
    await expect(connect('http://hub.test')).resolves.toBeDefined();
    await expect(connect('http://evil.example')).rejects.toThrow();
  });
});

/** A raw HTTP request to the agent, with any Host and path (fetch would normalise both). */
function rawGet(path: string, host: string): Promise<number> {
  const { port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('who may use the agent', () => {
  it('refuses a connection without an Origin (a local process) and any other loopback page', async () => {
    await expect(connect(null)).rejects.toThrow();
    await expect(connect('http://127.0.0.1:9999')).rejects.toThrow();
    await expect(connect('http://localhost:8080')).rejects.toThrow();
  });

  it('refuses the kiosk origin without the pairing secret of this boot', async () => {
    await expect(connect('http://hub.test', null)).rejects.toThrow(/NOT_PAIRED/);
    await expect(connect('http://hub.test', 'a-guess-of-the-secret-0000')).rejects.toThrow(/NOT_PAIRED/);
  });

  it('refuses a request that names another host (DNS rebinding)', async () => {
    const { port } = new URL(h.url);
    await expect(connect('http://hub.test', PAIRING, `evil.example:${port}`)).rejects.toThrow();
    expect(await rawGet('/healthz', `evil.example:${port}`)).toBe(421);
    expect(await rawGet('/socket.io/?EIO=4&transport=polling', `evil.example:${port}`)).toBe(403);
    expect(await rawGet('/healthz', `127.0.0.1:${port}`)).toBe(200);
    expect(await rawGet('/healthz', `localhost:${port}`)).toBe(200);
  });

  it('answers 400 to a path it cannot decode and keeps serving', async () => {
    const { port } = new URL(h.url);
    expect(await rawGet('/%', `127.0.0.1:${port}`)).toBe(400);
    expect(await rawGet('/simulator/%E4%B8%AD%', `127.0.0.1:${port}`)).toBe(400);
    expect(await rawGet('/healthz', `127.0.0.1:${port}`)).toBe(200);
  });

  it('never sends a card to a connection it refused', async () => {
    const paired = await connect();
    await expect(connect('http://hub.test', 'wrong-secret-0000000000')).rejects.toThrow();
    const read = next(paired, 'card:read');
    h.reader.placeCard(simulatedCard(residentCard()));
    await read;
    expect(sockets.filter((s) => s.connected)).toEqual([paired]);
  });
});

describe('only tickets the hub issued are printed', () => {
  const refused = { ok: false, code: 'UNVERIFIED_TICKET' };

  it('refuses a job without a permit, a forged one, and one whose number or QR content differs', async () => {
    const socket = await connect();
    const forger = generateKeyPairSync('ed25519').privateKey;
    expect(
      await socket.emitWithAck('ticket:print', { jobId: 'job-00000010', ticket: job('A010') }),
    ).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    const forged = { ...printRequest('job-00000011', 'A011'), permit: permitOf({ number: 'A011' }, forger) };
    expect(await socket.emitWithAck('ticket:print', forged)).toMatchObject(refused);
    const otherNumber = { ...printRequest('job-00000012', 'A012'), permit: permitOf({ number: 'A099' }) };
    expect(await socket.emitWithAck('ticket:print', otherNumber)).toMatchObject(refused);
    const pageQr = printRequest('job-00000013', 'A013');
    pageQr.ticket = { ...pageQr.ticket, qrPayload: 'https://evil.example/pay' };
    expect(await socket.emitWithAck('ticket:print', pageQr)).toMatchObject(refused);
    const tampered = printRequest('job-00000014', 'A014');
    const [body, signature] = tampered.permit.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as PrintPermitClaims;
    const widened = Buffer.from(JSON.stringify({ ...claims, number: 'A015' })).toString('base64url');
    expect(
      await socket.emitWithAck('ticket:print', {
        ...printRequest('job-00000015', 'A015'),
        permit: `${widened}.${signature}`,
      }),
    ).toMatchObject(refused);
    expect(h.printer.tickets).toHaveLength(0);
    expect(h.logs.join('\n')).toContain('print refused');
  });

  it('refuses an expired permit, and everything while the hub’s key is not known', async () => {
    const socket = await connect();
    h.now = NOW + PRINT_PERMIT_TTL_MS + PRINT_PERMIT_CLOCK_SKEW_MS + 1;
    expect(await socket.emitWithAck('ticket:print', printRequest('job-00000020', 'A020'))).toMatchObject(
      refused,
    );
    h.now = NOW;
    h.printKey = null;
    expect(await socket.emitWithAck('ticket:print', printRequest('job-00000021', 'A021'))).toMatchObject(
      refused,
    );
    h.printKey = hubKeys.publicKey;
    expect(await socket.emitWithAck('ticket:print', printRequest('job-00000021', 'A021'))).toMatchObject({
      ok: true,
    });
    expect(h.printer.tickets).toHaveLength(1);
  });
});
