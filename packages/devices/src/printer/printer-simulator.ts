/**
 * A network ESC/POS printer on a TCP port, for tests and for running the kiosk without hardware. It answers DLE EOT
 * from a settable state, decodes everything else with the same decoder the tests use, and can drop a connection in
 * the middle of a ticket.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { DecodedLine, EscPosEvent } from './escpos-decoder.ts';
import { createEscPosStreamDecoder } from './escpos-decoder.ts';
import { DLE, EOT } from './printer-status.ts';
import type { TicketPrint } from './ticket-print.ts';

export type SimulatedPrinterState = 'ok' | 'near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error';

/** Replies to DLE EOT 1/2/3/4 for each state (bit table: hardware-protocols.md §2.1). */
export const simulatedStatusReplies: Readonly<
  Record<SimulatedPrinterState, readonly [number, number, number, number]>
> = {
  ok: [0x12, 0x12, 0x12, 0x12],
  'near-end': [0x12, 0x12, 0x12, 0x1e],
  'paper-out': [0x1a, 0x32, 0x12, 0x72],
  'cover-open': [0x1a, 0x16, 0x12, 0x12],
  offline: [0x1a, 0x12, 0x12, 0x12],
  error: [0x1a, 0x52, 0x1a, 0x12],
};

export interface ReceivedTicket {
  readonly lines: readonly DecodedLine[];
  readonly qrCodes: readonly string[];
  /** How the ticket ended; null for a ticket cut short by a dropped connection. */
  readonly cut: 'full' | 'partial' | null;
  /** All line texts joined with '\n', for quick assertions. */
  readonly text: string;
}

export interface PrinterSimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly state?: SimulatedPrinterState;
}

export interface PrinterSimulator {
  /** `tcp://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  state: SimulatedPrinterState;
  /** When false the simulator ignores DLE EOT, like a printer without real-time status. */
  answersStatus: boolean;
  /** Tickets completed by a cut. */
  readonly tickets: readonly ReceivedTicket[];
  /** Tickets whose connection dropped before the cut. */
  readonly partialTickets: readonly ReceivedTicket[];
  /** Bytes received other than DLE EOT requests. */
  readonly dataBytesReceived: number;
  /** Every DLE EOT n received, in order. */
  readonly statusRequests: readonly number[];
  /**
   * Arms a one-shot drop: the next chunk carrying print data is cut after `afterBytes` bytes (default 32) and the
   * connection is destroyed.
   */
  dropConnectionMidTicket(options?: { afterBytes?: number }): void;
  onTicket(listener: (ticket: ReceivedTicket) => void): () => void;
  /** Resolves with the next completed ticket. */
  nextTicket(): Promise<ReceivedTicket>;
  /** Resolves when an armed drop has happened. */
  nextDrop(): Promise<ReceivedTicket>;
  close(): Promise<void>;
}

/** True when a chunk is nothing but whole DLE EOT n requests (status polling, no print data). */
const onlyStatusRequests = (chunk: Buffer): boolean => {
  if (chunk.length === 0 || chunk.length % 3 !== 0) return false;
  for (let i = 0; i < chunk.length; i += 3) if (chunk[i] !== DLE || chunk[i + 1] !== EOT) return false;
  return true;
};

const toTicket = (
  lines: DecodedLine[],
  qrCodes: string[],
  cut: 'full' | 'partial' | null,
): ReceivedTicket => ({
  lines,
  qrCodes,
  cut,
  text: lines.map((l) => l.text).join('\n'),
});

export const startPrinterSimulator = async (
  options: PrinterSimulatorOptions = {},
): Promise<PrinterSimulator> => {
  const tickets: ReceivedTicket[] = [];
  const partialTickets: ReceivedTicket[] = [];
  const statusRequests: number[] = [];
  const ticketListeners = new Set<(ticket: ReceivedTicket) => void>();
  const dropListeners = new Set<(ticket: ReceivedTicket) => void>();
  const sockets = new Set<Socket>();
  let dataBytesReceived = 0;
  let drop: { afterBytes: number } | null = null;

  const handleConnection = (socket: Socket): void => {
    sockets.add(socket);
    const decoder = createEscPosStreamDecoder();
    let lines: DecodedLine[] = [];
    let qrCodes: string[] = [];

    const handleEvents = (events: readonly EscPosEvent[], answer: boolean): void => {
      for (const event of events) {
        switch (event.type) {
          case 'status-request': {
            statusRequests.push(event.n);
            const reply = simulator.answersStatus
              ? simulatedStatusReplies[simulator.state][event.n - 1]
              : undefined;
            if (answer && reply !== undefined) socket.write(Uint8Array.of(reply));
            break;
          }
          case 'line':
            lines.push(event.line);
            break;
          case 'qr':
            qrCodes.push(event.payload);
            break;
          case 'cut': {
            const ticket = toTicket(lines, qrCodes, event.cut);
            lines = [];
            qrCodes = [];
            tickets.push(ticket);
            for (const listener of [...ticketListeners]) listener(ticket);
            break;
          }
        }
      }
    };

    const countData = (bytes: number, events: readonly EscPosEvent[]): void => {
      const statusBytes = 3 * events.filter((e) => e.type === 'status-request').length;
      dataBytesReceived += Math.max(0, bytes - statusBytes);
    };

    socket.on('data', (chunk: Buffer) => {
      if (drop !== null && !onlyStatusRequests(chunk)) {
        const take = Math.max(1, Math.min(drop.afterBytes, chunk.length - 1));
        drop = null;
        const events = [...decoder.push(chunk.subarray(0, take)), ...decoder.end()];
        countData(take, events);
        handleEvents(events, false);
        const partial = toTicket(lines, qrCodes, null);
        lines = [];
        qrCodes = [];
        partialTickets.push(partial);
        socket.destroy();
        for (const listener of [...dropListeners]) listener(partial);
        return;
      }
      const events = decoder.push(chunk);
      countData(chunk.length, events);
      handleEvents(events, true);
    });
    socket.on('error', () => socket.destroy()); // the client vanished; nothing to report to it
    socket.on('close', () => {
      sockets.delete(socket);
      if (lines.length > 0 || qrCodes.length > 0) partialTickets.push(toTicket(lines, qrCodes, null));
    });
  };

  const server: Server = createServer(handleConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('printer simulator: no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const once = (listeners: Set<(ticket: ReceivedTicket) => void>): Promise<ReceivedTicket> =>
    new Promise((resolve) => {
      const listener = (ticket: ReceivedTicket): void => {
        listeners.delete(listener);
        resolve(ticket);
      };
      listeners.add(listener);
    });

  const simulator: PrinterSimulator = {
    url: `tcp://${host}:${address.port}`,
    port: address.port,
    state: options.state ?? 'ok',
    answersStatus: true,
    tickets,
    partialTickets,
    get dataBytesReceived() {
      return dataBytesReceived;
    },
    statusRequests,
    dropConnectionMidTicket(dropOptions = {}) {
      drop = { afterBytes: dropOptions.afterBytes ?? 32 };
    },
    onTicket(listener) {
      ticketListeners.add(listener);
      return () => ticketListeners.delete(listener);
    },
    nextTicket: () => once(ticketListeners),
    nextDrop: () => once(dropListeners),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
  return simulator;
};

/** A realistic ticket for tests and demos. The masked name keeps 䶮 (outside GBK: GB18030 FE 9F). */
export const sampleTicketPrint = (): TicketPrint => ({
  hallName: { zh: '某市政务服务中心', en: 'City Government Service Center' },
  number: 'A001',
  serviceName: { zh: '不动产登记', en: 'Real Estate Registration' },
  peopleAhead: 3,
  estimatedWait: { zh: '约 10–15 分钟', en: 'about 10–15 min' },
  waitingArea: { zh: '二楼B区', en: 'Floor 2, Zone B' },
  issuedAt: '2026-11-28 09:15',
  qrPayload: 'https://hall.example/t/20261128-A001',
  notice: {
    zh: '请留意叫号，过号需重新取号。办理时请出示身份证。',
    en: 'Please listen for your number; a missed number must be re-issued. Bring your ID card to the window.',
  },
  visitorName: '王*䶮',
});
