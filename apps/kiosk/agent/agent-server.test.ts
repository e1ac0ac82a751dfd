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

const profiles = join(import.meta.dirname, '../../../hardware-profiles');

const job = (number: string, visitorName?: string): TicketPrintJob => ({
  hallName: { zh: '测试大厅', en: 'Test Hall' },
  number,
  serviceName: { zh: '不动产登记', en: 'Real estate' },
  peopleAhead: 2,
  estimatedWait: { zh: '约 5–10 分钟', en: 'about 5–10 min' },
  waitingArea: { zh: '一楼A区', en: 'Floor 1, Zone A' },
  issuedAt: '2026-11-28 10:00',
  qrPayload: `hallq:ticket:2026-11-28:${number}`,
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
  });
  const { url } = await agent.listen(0);
  h = { agent, url, reader, printer, logs, printerClosed: false };
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await h.agent.close();
  h.reader.close();
  if (!h.printerClosed) await h.printer.close();
});

const connect = (origin?: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = io(h.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(origin !== undefined && { extraHeaders: { origin } }),
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
    const request = { jobId: 'job-00000001', ticket: job('A001', '王*娜') };
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
    expect(h.printer.tickets).toHaveLength(1);
  });

  it('refuses to print on paper out (nothing sent) and validates what it is sent', async () => {
    const socket = await connect();
    h.printer.state = 'paper-out';
    expect(
      await socket.emitWithAck('ticket:print', { jobId: 'job-00000002', ticket: job('A002') }),
    ).toMatchObject({
      ok: false,
      code: 'PAPER_OUT',
    });
    expect(h.printer.dataBytesReceived).toBe(0);
    expect(
      await socket.emitWithAck('ticket:print', { jobId: 'job-00000003', ticket: job('A003', '王美娜') }),
    ).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    expect(await socket.emitWithAck('ticket:print', 'garbage')).toMatchObject({
      ok: false,
      code: 'INVALID_TICKET',
    });
    h.printer.state = 'ok';
    expect(
      await socket.emitWithAck('ticket:print', { jobId: 'job-00000002', ticket: job('A002') }),
    ).toMatchObject({
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
