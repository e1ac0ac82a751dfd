import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { createFilePrinterTransport } from './file-transport.ts';
import { createNetworkPrinterTransport, parseNetworkPrinterUrl } from './network-transport.ts';
import { PrinterNotReadyError, TicketLayoutError } from './printer-errors.ts';
import { type PrinterSimulator, sampleTicketPrint, startPrinterSimulator } from './printer-simulator.ts';
import type { TicketLayoutProfile } from './ticket-layout.ts';
import { createTicketPrinter, type TicketPrinter } from './ticket-printer.ts';

const wide: TicketLayoutProfile = { paperWidthMm: 80, charsPerLine: 48, cut: 'full' };
const narrow: TicketLayoutProfile = { paperWidthMm: 58, charsPerLine: 32, cut: 'partial' };

describe('TicketPrinter over TCP against the printer simulator', () => {
  let simulator: PrinterSimulator;
  let printer: TicketPrinter;

  beforeEach(async () => {
    simulator = await startPrinterSimulator({ port: 0 });
    printer = createTicketPrinter({
      transport: createNetworkPrinterTransport({ url: simulator.url }),
      profile: wide,
    });
  });

  afterEach(async () => {
    await printer.close();
    await simulator.close();
  });

  it('prints: the simulator receives the ticket with its number, QR and cut', async () => {
    const received = simulator.nextTicket();
    const outcome = await printer.printTicket(sampleTicketPrint());
    const ticket = await received;
    expect(ticket.lines.find((l) => l.text === 'A001')).toMatchObject({ bold: true, align: 'center' });
    expect(ticket.lines.find((l) => l.text === 'A001')?.widthScale).toBeGreaterThanOrEqual(4);
    expect(ticket.text).toContain('不动产登记');
    expect(ticket.text).toContain('Real Estate Registration');
    expect(ticket.text).toContain('王*䶮');
    expect(ticket.qrCodes).toEqual(['https://hall.example/t/20261128-A001']);
    expect(ticket.cut).toBe('full');
    expect(outcome.warnings).toEqual([]);
    expect(outcome.statusBefore).toMatchObject({ kind: 'known', online: true, paperOut: false });
    // status before the ticket, and again after it to confirm the link held
    expect(simulator.statusRequests).toEqual([1, 2, 4, 1, 2, 4]);
    expect(simulator.tickets).toHaveLength(1);
  });

  it('reads status', async () => {
    await expect(printer.status()).resolves.toMatchObject({
      kind: 'known',
      online: true,
      paperNearEnd: false,
    });
    simulator.state = 'cover-open';
    await expect(printer.status()).resolves.toMatchObject({ kind: 'known', online: false, coverOpen: true });
  });

  it('paper out: refuses with PrinterNotReadyError PAPER_OUT and sends no ticket bytes', async () => {
    simulator.state = 'paper-out';
    const error = await printer.printTicket(sampleTicketPrint()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterNotReadyError);
    expect(error).toMatchObject({ code: 'PAPER_OUT' });
    expect((error as PrinterNotReadyError).messages.zh).toContain('打印纸已用完');
    expect((error as PrinterNotReadyError).messages.en).toContain('out of paper');
    expect(simulator.tickets).toEqual([]);
    expect(simulator.partialTickets).toEqual([]);
    expect(simulator.dataBytesReceived).toBe(0);
    expect(simulator.statusRequests).toEqual([1, 2, 4]);
  });

  it.each([
    ['cover-open', 'COVER_OPEN'],
    ['offline', 'OFFLINE'],
    ['error', 'PRINTER_ERROR'],
  ] as const)('%s: refuses with %s and sends no ticket bytes', async (state, code) => {
    simulator.state = state;
    await expect(printer.printTicket(sampleTicketPrint())).rejects.toMatchObject({
      name: 'PrinterNotReadyError',
      code,
    });
    expect(simulator.dataBytesReceived).toBe(0);
    expect(simulator.tickets).toEqual([]);
  });

  it('asks DLE EOT 3 for the cause when the printer reports an error', async () => {
    simulator.state = 'error';
    await expect(printer.status()).resolves.toMatchObject({ errors: ['error-occurred', 'autocutter'] });
    expect(simulator.statusRequests).toEqual([1, 2, 4, 3]);
  });

  it('paper near end: prints and warns', async () => {
    simulator.state = 'near-end';
    const received = simulator.nextTicket();
    const outcome = await printer.printTicket(sampleTicketPrint());
    expect((await received).text).toContain('A001');
    expect(outcome.warnings.map((w) => w.code)).toEqual(['PAPER_NEAR_END']);
    expect(outcome.warnings[0]?.message.zh).toContain('即将用完');
  });

  it('connection dropped mid-ticket: rejects with DeviceDisconnectedError; the next ticket prints', async () => {
    simulator.dropConnectionMidTicket({ afterBytes: 40 });
    const dropped = simulator.nextDrop();
    const error = await printer.printTicket(sampleTicketPrint()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceDisconnectedError);
    expect(error).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    const partial = await dropped;
    expect(partial.cut).toBeNull();
    expect(simulator.tickets).toEqual([]);
    expect(simulator.dataBytesReceived).toBe(40);

    const received = simulator.nextTicket();
    await printer.printTicket({ ...sampleTicketPrint(), number: 'A002' });
    expect((await received).text).toContain('A002');
  });

  it('runs one job at a time, in order', async () => {
    const numbers = ['A001', 'A002', 'A003'];
    await Promise.all([
      ...numbers.map((number) => printer.printTicket({ ...sampleTicketPrint(), number })),
      printer.status(),
    ]);
    expect(simulator.tickets.map((t) => t.lines.find((l) => l.widthScale > 2)?.text)).toEqual(numbers);
    expect(simulator.statusRequests).toEqual(Array.from({ length: 7 }, () => [1, 2, 4]).flat());
  });

  it('a printer that never answers DLE EOT: DeviceTimeoutError, no ticket bytes', async () => {
    simulator.answersStatus = false;
    const impatient = createTicketPrinter({
      transport: createNetworkPrinterTransport({ url: simulator.url }),
      profile: wide,
      statusTimeoutMs: 50,
    });
    await expect(impatient.printTicket(sampleTicketPrint())).rejects.toBeInstanceOf(DeviceTimeoutError);
    await expect(impatient.status()).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
    expect(simulator.dataBytesReceived).toBe(0);
    await impatient.close();
  });

  it('a profile without real-time status: status unknown, prints with a warning, sends no DLE EOT', async () => {
    const blind = createTicketPrinter({
      transport: createNetworkPrinterTransport({ url: simulator.url }),
      profile: { ...wide, supportsRealtimeStatus: false },
    });
    await expect(blind.status()).resolves.toMatchObject({ kind: 'unknown' });
    const received = simulator.nextTicket();
    const outcome = await blind.printTicket(sampleTicketPrint());
    expect((await received).text).toContain('A001');
    expect(outcome.warnings.map((w) => w.code)).toEqual(['STATUS_UNKNOWN']);
    expect(simulator.statusRequests).toEqual([]);
    await blind.close();
  });

  it('bad ticket data: TicketLayoutError before anything is sent', async () => {
    await expect(printer.printTicket({ ...sampleTicketPrint(), visitorName: '王䶮' })).rejects.toBeInstanceOf(
      TicketLayoutError,
    );
    expect(simulator.statusRequests).toEqual([]);
  });
});

describe('network transport', () => {
  it('nobody listening: DeviceDisconnectedError', async () => {
    const simulator = await startPrinterSimulator();
    const { url } = simulator;
    await simulator.close();
    const printer = createTicketPrinter({ transport: createNetworkPrinterTransport({ url }), profile: wide });
    await expect(printer.status()).rejects.toBeInstanceOf(DeviceDisconnectedError);
    await printer.close();
  });

  it.each([
    ['tcp://10.0.0.7:9100', { host: '10.0.0.7', port: 9100 }],
    ['tcp://printer.local', { host: 'printer.local', port: 9100 }],
    ['tcp://[::1]:9101/', { host: '::1', port: 9101 }],
  ])('parses %s', (url, expected) => {
    expect(parseNetworkPrinterUrl(url)).toEqual(expected);
  });

  it.each(['http://10.0.0.7', 'tcp://', 'tcp://host:0', 'tcp://host:70000', '/dev/usb/lp0'])(
    'rejects %s',
    (url) => {
      expect(() => parseNetworkPrinterUrl(url)).toThrow(RangeError);
    },
  );
});

describe('device file transport', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallq-printer-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the ticket; status is unknown, not pretended', async () => {
    const path = join(dir, 'lp0');
    await writeFile(path, '');
    const printer = createTicketPrinter({ transport: createFilePrinterTransport({ path }), profile: narrow });
    await expect(printer.status()).resolves.toEqual({
      kind: 'unknown',
      reason: 'status-unsupported',
      detail: `${path}: write-only`,
    });
    const outcome = await printer.printTicket(sampleTicketPrint());
    expect(outcome.warnings.map((w) => w.code)).toEqual(['STATUS_UNKNOWN']);
    expect(outcome.statusAfter.kind).toBe('unknown');
    const bytes = await readFile(path);
    expect(bytes.includes(Buffer.from([0xfe, 0x9f]))).toBe(true);
    const printout = decodeEscPos(bytes);
    expect(printout.lines.map((l) => l.text)).toContain('A001');
    expect(printout.cuts).toEqual(['partial']);
    expect(printout.statusRequests).toEqual([]);
    await printer.close();
  });

  it('appends ticket after ticket', async () => {
    const path = join(dir, 'lp0');
    await writeFile(path, '');
    const printer = createTicketPrinter({ transport: createFilePrinterTransport({ path }), profile: narrow });
    await printer.printTicket(sampleTicketPrint());
    await printer.printTicket({ ...sampleTicketPrint(), number: 'A002' });
    const printout = decodeEscPos(await readFile(path));
    expect(printout.cuts).toHaveLength(2);
    expect(printout.lines.filter((l) => l.widthScale > 2).map((l) => l.text)).toEqual(['A001', 'A002']);
    await printer.close();
  });

  it('missing device (printer unplugged): DeviceDisconnectedError, and no file is created', async () => {
    const path = join(dir, 'missing-lp0');
    const printer = createTicketPrinter({ transport: createFilePrinterTransport({ path }), profile: narrow });
    await expect(printer.printTicket(sampleTicketPrint())).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(existsSync(path)).toBe(false);
    await printer.close();
  });
});
