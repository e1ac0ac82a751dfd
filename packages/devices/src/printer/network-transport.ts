/**
 * Raw TCP printing (port 9100, "JetDirect"). One TCP connection per job: many printers serve one client at a time
 * and drop idle connections, so holding one open would block other kiosks and fail at random.
 */
import { Socket } from 'node:net';
import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import { systemTimers, type Timers } from '../serial/timers.ts';
import type { PrinterConnection, PrinterTransport } from './printer-transport.ts';
import { createReplyCollector, hex } from './printer-transport.ts';

export interface NetworkPrinterTransportOptions {
  /** `tcp://host[:port]`; the port defaults to 9100. */
  readonly url: string;
  readonly connectTimeoutMs?: number;
  /** Longest wait for the OS to accept a write (a printer that stops reading fills the TCP window). */
  readonly writeTimeoutMs?: number;
  readonly timers?: Timers;
}

export interface NetworkPrinterAddress {
  readonly host: string;
  readonly port: number;
}

const URL_PATTERN = /^tcp:\/\/(\[[0-9a-f:.]+\]|[^/:[\]]+)(?::(\d{1,5}))?\/?$/i;

/** Throws `RangeError` for anything that is not `tcp://host[:port]`. */
export const parseNetworkPrinterUrl = (url: string): NetworkPrinterAddress => {
  const match = URL_PATTERN.exec(url);
  const port = match?.[2] === undefined ? 9100 : Number(match[2]);
  if (!match?.[1] || port < 1 || port > 65535) throw new RangeError(`not a network printer address: ${url}`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
};

const connectSocket = (address: NetworkPrinterAddress, url: string, timeoutMs: number, timers: Timers) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = new Socket();
    const onError = (error: Error): void => {
      cancel();
      socket.destroy();
      reject(new DeviceDisconnectedError(url, `cannot connect: ${error.message}`, { cause: error }));
    };
    const cancel = timers.set(() => {
      socket.off('error', onError);
      socket.on('error', () => undefined); // a late error from the abandoned attempt is expected, not a crash
      socket.destroy();
      reject(new DeviceTimeoutError(`connect ${url}`, timeoutMs));
    }, timeoutMs);
    socket.once('error', onError);
    socket.once('connect', () => {
      cancel();
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.connect(address.port, address.host);
  });

export const createNetworkPrinterTransport = (options: NetworkPrinterTransportOptions): PrinterTransport => {
  const address = parseNetworkPrinterUrl(options.url);
  const url = `tcp://${address.host}:${address.port}`;
  const timers = options.timers ?? systemTimers;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;

  const open = async (): Promise<PrinterConnection> => {
    const socket = await connectSocket(address, url, connectTimeoutMs, timers);
    const collector = createReplyCollector(timers, url);
    const pendingWrites = new Set<(error: Error) => void>();
    let lost: Error | null = null;
    let closing = false;

    const lose = (error: Error): void => {
      if (lost !== null) return;
      lost = error;
      collector.fail(error);
      for (const fail of [...pendingWrites]) fail(error);
      socket.destroy();
    };

    socket.on('data', (chunk: Buffer) => collector.feed(chunk));
    socket.on('error', (error: Error) =>
      lose(new DeviceDisconnectedError(url, `connection error: ${error.message}`, { cause: error })),
    );
    socket.on('close', () =>
      lose(new DeviceDisconnectedError(url, closing ? 'connection closed' : 'printer closed the connection')),
    );

    const write = (bytes: Uint8Array): Promise<void> => {
      if (lost !== null) return Promise.reject(lost);
      return new Promise<void>((resolve, reject) => {
        const fail = (error: Error): void => {
          pendingWrites.delete(fail);
          cancel();
          reject(error);
        };
        pendingWrites.add(fail);
        const cancel = timers.set(() => {
          fail(new DeviceTimeoutError(`write ${bytes.length} bytes to ${url}`, writeTimeoutMs));
          lose(new DeviceDisconnectedError(url, 'write timed out'));
        }, writeTimeoutMs);
        socket.write(bytes, (error) => {
          if (!pendingWrites.has(fail)) return;
          if (error) {
            const lostError = new DeviceDisconnectedError(url, `write failed: ${error.message}`, {
              cause: error,
            });
            fail(lostError);
            lose(lostError);
            return;
          }
          pendingWrites.delete(fail);
          cancel();
          resolve();
        });
      });
    };

    return {
      write,
      async request(bytes, replyLength, timeoutMs) {
        if (lost !== null) throw lost;
        const reply = collector.expect(replyLength, timeoutMs, `request ${hex(bytes)} to ${url}`);
        const [answer] = await Promise.all([reply, write(bytes)]);
        return answer;
      },
      close() {
        if (lost !== null || socket.destroyed) return Promise.resolve();
        closing = true;
        return new Promise<void>((resolve) => {
          const cancel = timers.set(() => socket.destroy(), 1000);
          socket.once('close', () => {
            cancel();
            resolve();
          });
          socket.end();
        });
      },
    };
  };

  return {
    kind: 'network',
    description: url,
    canReadStatus: true,
    open,
    close: () => Promise.resolve(),
  };
};
