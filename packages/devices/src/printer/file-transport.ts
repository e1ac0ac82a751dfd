/**
 * A printer device file such as `/dev/usb/lp0`: write-only. It cannot answer DLE EOT, so status is reported as
 * unknown. The file is opened without O_CREAT: an unplugged printer (its device node gone) is an error, never a new
 * regular file quietly collecting tickets.
 */
import { constants } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import { systemTimers, type Timers } from '../serial/timers.ts';
import { PrinterStatusUnsupportedError } from './printer-errors.ts';
import type { PrinterConnection, PrinterTransport } from './printer-transport.ts';

export interface FilePrinterTransportOptions {
  readonly path: string;
  /**
   * usblp blocks a write while the printer is out of paper. After this long the job fails with
   * `DeviceTimeoutError`; the kernel write itself cannot be cancelled and may still complete later.
   */
  readonly writeTimeoutMs?: number;
  readonly timers?: Timers;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const createFilePrinterTransport = (options: FilePrinterTransportOptions): PrinterTransport => {
  const { path } = options;
  const timers = options.timers ?? systemTimers;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;

  const open = async (): Promise<PrinterConnection> => {
    let handle: Awaited<ReturnType<typeof openFile>>;
    try {
      handle = await openFile(path, constants.O_WRONLY | constants.O_APPEND);
    } catch (error) {
      throw new DeviceDisconnectedError(path, `cannot open: ${describe(error)}`, { cause: error });
    }
    let closed = false;
    return {
      write(bytes) {
        if (closed) return Promise.reject(new DeviceDisconnectedError(path, 'job already closed'));
        return new Promise<void>((resolve, reject) => {
          let done = false;
          const cancel = timers.set(() => {
            done = true;
            reject(new DeviceTimeoutError(`write ${bytes.length} bytes to ${path}`, writeTimeoutMs));
          }, writeTimeoutMs);
          handle.write(bytes).then(
            () => {
              cancel();
              if (!done) resolve();
            },
            (error: unknown) => {
              cancel();
              if (!done)
                reject(
                  new DeviceDisconnectedError(path, `write failed: ${describe(error)}`, { cause: error }),
                );
            },
          );
        });
      },
      request() {
        return Promise.reject(new PrinterStatusUnsupportedError(path));
      },
      async close() {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  };

  return { kind: 'file', description: path, canReadStatus: false, open, close: () => Promise.resolve() };
};
