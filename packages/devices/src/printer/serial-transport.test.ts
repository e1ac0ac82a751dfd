import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDisconnectedError } from '../serial/errors.ts';
import { createMockSerialLink, type MockSerialLink } from '../serial/testing/mock-link.ts';
import { collectPrintout, createEscPosStreamDecoder, type EscPosEvent } from './escpos-decoder.ts';
import { PrinterNotReadyError } from './printer-errors.ts';
import {
  type SimulatedPrinterState,
  sampleTicketPrint,
  simulatedStatusReplies,
} from './printer-simulator.ts';
import { createSerialPrinterTransport } from './serial-transport.ts';
import { createTicketPrinter, type TicketPrinter } from './ticket-printer.ts';

/** The printer's side of the cable: answers DLE EOT from `state`, decodes the rest. */
const attachSerialPrinter = (link: MockSerialLink, options: { unplugOnTicketData?: boolean } = {}) => {
  const device = { state: 'ok' as SimulatedPrinterState, events: [] as EscPosEvent[] };
  const decoder = createEscPosStreamDecoder();
  link.device.onData((chunk) => {
    const events = decoder.push(chunk);
    device.events.push(...events);
    if (options.unplugOnTicketData && events.some((e) => e.type !== 'status-request')) {
      link.unplug();
      return;
    }
    for (const event of events) {
      if (event.type !== 'status-request') continue;
      const reply = simulatedStatusReplies[device.state][event.n - 1];
      if (reply !== undefined) link.device.write(Uint8Array.of(reply));
    }
  });
  return device;
};

describe('TicketPrinter over the shared serial layer (MockBinding link)', () => {
  let printer: TicketPrinter | undefined;

  afterEach(async () => {
    await printer?.close();
    printer = undefined;
  });

  const open = (link: MockSerialLink): TicketPrinter => {
    printer = createTicketPrinter({
      transport: createSerialPrinterTransport({ path: link.path, baudRate: 9600, binding: link.binding }),
      profile: { paperWidthMm: 58, charsPerLine: 32, cut: 'partial' },
    });
    return printer;
  };

  it('prints a ticket at 9600 baud', async () => {
    const link = createMockSerialLink();
    const device = attachSerialPrinter(link);
    const outcome = await open(link).printTicket(sampleTicketPrint());
    const printout = collectPrintout(device.events);
    expect(printout.lines.map((l) => l.text)).toContain('A001');
    expect(printout.lines.map((l) => l.text)).toContain('姓名 Name: 王*䶮');
    expect(printout.cuts).toEqual(['partial']);
    expect(printout.statusRequests).toEqual([1, 2, 4, 1, 2, 4]);
    expect(link.hostBaudRate).toBe(9600);
    expect(outcome.warnings).toEqual([]);
  });

  it('paper out: refuses, nothing but status requests on the line', async () => {
    const link = createMockSerialLink();
    const device = attachSerialPrinter(link);
    device.state = 'paper-out';
    await expect(open(link).printTicket(sampleTicketPrint())).rejects.toBeInstanceOf(PrinterNotReadyError);
    expect(device.events.every((e) => e.type === 'status-request')).toBe(true);
  });

  it('cable pulled mid-ticket: DeviceDisconnectedError', async () => {
    const link = createMockSerialLink();
    attachSerialPrinter(link, { unplugOnTicketData: true });
    await expect(open(link).printTicket(sampleTicketPrint())).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });

  it('no port: DeviceDisconnectedError once the connect timeout passes', async () => {
    const link = createMockSerialLink();
    link.unplug();
    printer = createTicketPrinter({
      transport: createSerialPrinterTransport({
        path: link.path,
        baudRate: 9600,
        binding: link.binding,
        connectTimeoutMs: 50,
      }),
      profile: { paperWidthMm: 58, charsPerLine: 32, cut: 'partial' },
    });
    await expect(printer.status()).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });
});
