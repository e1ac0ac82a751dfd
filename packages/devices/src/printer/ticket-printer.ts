/**
 * The `TicketPrinter` capability: status before every ticket, refusal with a typed error when the printer cannot
 * print, one job at a time, status again after the ticket to confirm the link held for all of it.
 */
import type { TicketPrinterProfile } from '../profiles/profile-schema.ts';
import { type DeviceLogger, silentLogger } from '../serial/logger.ts';
import { PrinterNotReadyError } from './printer-errors.ts';
import type { PrinterStatus, PrinterWarning, StatusRequest } from './printer-status.ts';
import {
  buildStatusRequest,
  checkReady,
  parseOfflineCauseByte,
  parsePrinterStatus,
  unknownPrinterStatus,
  warningMessages,
} from './printer-status.ts';
import type { PrinterConnection, PrinterTransport } from './printer-transport.ts';
import type { TicketLayoutProfile } from './ticket-layout.ts';
import { layoutTicket } from './ticket-layout.ts';
import type { TicketPrint } from './ticket-print.ts';

export interface PrintOutcome {
  /** Paper near end, status unknown, or trouble reported right after the ticket. Show them to staff. */
  readonly warnings: readonly PrinterWarning[];
  readonly statusBefore: PrinterStatus;
  readonly statusAfter: PrinterStatus;
}

export interface TicketPrinter {
  /** Real-time status; `{ kind: 'unknown' }` when the transport cannot read it. */
  status(): Promise<PrinterStatus>;
  /**
   * Prints one ticket. Rejects with `TicketLayoutError` (bad data, nothing sent), `PrinterNotReadyError` (paper out,
   * cover open, offline, error: nothing sent), `DeviceTimeoutError` / `DeviceDisconnectedError` (link trouble,
   * possibly mid-ticket). Resolves once the bytes are sent and the printer answered a status query afterwards.
   */
  printTicket(ticket: TicketPrint): Promise<PrintOutcome>;
  /** Waits for the job in progress, then releases the transport. */
  close(): Promise<void>;
}

export interface TicketPrinterOptions {
  readonly transport: PrinterTransport;
  readonly profile: TicketLayoutProfile & Partial<Pick<TicketPrinterProfile, 'supportsRealtimeStatus'>>;
  /** Per DLE EOT request (default 1000 ms). */
  readonly statusTimeoutMs?: number;
  readonly logger?: DeviceLogger;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const createTicketPrinter = (options: TicketPrinterOptions): TicketPrinter => {
  const { transport, profile } = options;
  const logger = options.logger ?? silentLogger;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  const statusReadable = transport.canReadStatus && profile.supportsRealtimeStatus !== false;

  // One job at a time: status replies and ticket bytes share one link. `tail` never rejects.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const withConnection = async <T>(job: (connection: PrinterConnection) => Promise<T>): Promise<T> => {
    const connection = await transport.open();
    try {
      return await job(connection);
    } finally {
      await connection.close().catch((error: unknown) => {
        logger.warn('printer: closing the job failed', {
          transport: transport.description,
          error: describe(error),
        });
      });
    }
  };

  const readStatus = async (connection: PrinterConnection): Promise<PrinterStatus> => {
    if (!statusReadable) {
      const why = transport.canReadStatus
        ? 'the profile says the printer has no real-time status'
        : 'write-only';
      return unknownPrinterStatus(`${transport.description}: ${why}`);
    }
    const ask = async (n: StatusRequest): Promise<number> => {
      const reply = await connection.request(buildStatusRequest(n), 1, statusTimeoutMs);
      return reply[0]!;
    };
    const printer = await ask(1);
    const offlineCause = await ask(2);
    const paperSensor = await ask(4);
    const errorCause = parseOfflineCauseByte(offlineCause).errorOccurred ? await ask(3) : undefined;
    return parsePrinterStatus({
      printer,
      offlineCause,
      paperSensor,
      ...(errorCause === undefined ? {} : { errorCause }),
    });
  };

  return {
    status() {
      return exclusive(() => withConnection(readStatus));
    },
    printTicket(ticket) {
      let bytes: Buffer;
      try {
        bytes = layoutTicket(ticket, profile);
      } catch (error) {
        return Promise.reject(error);
      }
      return exclusive(() =>
        withConnection(async (connection) => {
          const statusBefore = await readStatus(connection);
          const ready = checkReady(statusBefore);
          if (!ready.ok) {
            logger.warn('printer: ticket refused', { ticket: ticket.number, code: ready.code });
            throw new PrinterNotReadyError(ready.code, ready.message);
          }
          await connection.write(bytes);
          const statusAfter = await readStatus(connection);
          const warnings = [...ready.warnings];
          const after = checkReady(statusAfter);
          if (!after.ok) {
            warnings.push({ code: 'NOT_READY_AFTER_PRINT', message: warningMessages.NOT_READY_AFTER_PRINT });
          } else {
            for (const w of after.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
          }
          for (const w of warnings) logger.warn('printer: warning', { ticket: ticket.number, code: w.code });
          logger.info('printer: ticket printed', { ticket: ticket.number, bytes: bytes.length });
          return { warnings, statusBefore, statusAfter };
        }),
      );
    },
    async close() {
      await tail;
      await transport.close();
    },
  };
};
