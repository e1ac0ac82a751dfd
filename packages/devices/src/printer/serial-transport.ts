/**
 * A serial ESC/POS printer over the shared serial layer (`serial/`): the port stays open and reconnects by itself;
 * a job sees the port as lost from the moment it reports 'disconnected', even if it comes back during the job.
 */
import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import type { DeviceLogger } from '../serial/logger.ts';
import type { SerialBinding, SerialConnection } from '../serial/serial-connection.ts';
import { createSerialConnection } from '../serial/serial-connection.ts';
import { systemTimers, type Timers } from '../serial/timers.ts';
import type { PrinterConnection, PrinterTransport } from './printer-transport.ts';
import { createReplyCollector, hex } from './printer-transport.ts';

export interface SerialPrinterTransportOptions {
  readonly path: string;
  readonly baudRate: number;
  /** serialport binding; `createMockSerialLink().binding` in tests. */
  readonly binding?: SerialBinding;
  /** How long `open()` waits for the port to be connected. */
  readonly connectTimeoutMs?: number;
  readonly writeTimeoutMs?: number;
  readonly timers?: Timers;
  readonly logger?: DeviceLogger;
}

const waitConnected = (connection: SerialConnection, timeoutMs: number, timers: Timers): Promise<void> => {
  if (connection.status === 'connected') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const cancel = timers.set(() => {
      unsubscribe();
      reject(new DeviceDisconnectedError(connection.path, `port not open after ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = connection.onStatus((status) => {
      if (status !== 'connected') return;
      cancel();
      unsubscribe();
      resolve();
    });
  });
};

export const createSerialPrinterTransport = (options: SerialPrinterTransportOptions): PrinterTransport => {
  const timers = options.timers ?? systemTimers;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const connection = createSerialConnection({
    path: options.path,
    baudRate: options.baudRate,
    timers,
    ...(options.binding === undefined ? {} : { binding: options.binding }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const { path } = options;

  const open = async (): Promise<PrinterConnection> => {
    connection.start();
    await waitConnected(connection, connectTimeoutMs, timers);
    const collector = createReplyCollector(timers, path);
    let lost: Error | null = null;
    let closed = false;
    const lose = (error: Error): void => {
      if (lost !== null) return;
      lost = error;
      collector.fail(error);
    };
    const offData = connection.onData((chunk) => collector.feed(chunk));
    const offStatus = connection.onStatus((status, cause) => {
      if (status === 'disconnected') {
        lose(new DeviceDisconnectedError(path, `port lost: ${cause?.message ?? 'closed'}`, { cause }));
      }
    });

    const write = (bytes: Uint8Array): Promise<void> => {
      if (closed) return Promise.reject(new DeviceDisconnectedError(path, 'job already closed'));
      if (lost !== null) return Promise.reject(lost);
      return new Promise<void>((resolve, reject) => {
        let done = false;
        const cancel = timers.set(() => {
          done = true;
          reject(new DeviceTimeoutError(`write ${bytes.length} bytes to ${path}`, writeTimeoutMs));
        }, writeTimeoutMs);
        connection.write(bytes).then(
          () => {
            cancel();
            if (done) return;
            if (lost !== null) reject(lost);
            else resolve();
          },
          (error: unknown) => {
            cancel();
            if (done) return;
            const failure = error instanceof Error ? error : new DeviceDisconnectedError(path, String(error));
            lose(failure);
            reject(failure);
          },
        );
      });
    };

    return {
      write,
      async request(bytes, replyLength, timeoutMs) {
        if (lost !== null) throw lost;
        const reply = collector.expect(replyLength, timeoutMs, `request ${hex(bytes)} to ${path}`);
        const [answer] = await Promise.all([reply, write(bytes)]);
        return answer;
      },
      close() {
        if (!closed) {
          closed = true;
          offData();
          offStatus();
          collector.fail(new DeviceDisconnectedError(path, 'job closed'));
        }
        return Promise.resolve();
      },
    };
  };

  return {
    kind: 'serial',
    description: `serial:${path}`,
    canReadStatus: true,
    open,
    close: () => connection.stop(),
  };
};
