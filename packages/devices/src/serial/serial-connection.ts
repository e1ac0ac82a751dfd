import { access } from 'node:fs/promises';
import type { OpenOptions } from '@serialport/stream';
import { SerialPortStream } from '@serialport/stream';
import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.ts';
import { DeviceDisconnectedError } from './errors.ts';
import { type DeviceLogger, silentLogger } from './logger.ts';
import { type CancelTimer, systemTimers, type Timers } from './timers.ts';

/** A serialport binding: the real one (`@serialport/bindings-cpp`) or `MockBinding` from `@serialport/binding-mock`. */
export type SerialBinding = OpenOptions['binding'];

export type SerialStatus = 'connected' | 'disconnected';

export type Unsubscribe = () => void;

export interface SerialConnectionOptions {
  /** `/dev/ttyUSB0`, `COM3`, a socat link, or a MockBinding path. */
  readonly path: string;
  readonly baudRate: number;
  /** Defaults to serialport's auto-detected native binding (loaded lazily on first open). */
  readonly binding?: SerialBinding;
  readonly timers?: Timers;
  readonly backoff?: BackoffPolicy;
  /** Exclusive lock on the device (default true). */
  readonly lock?: boolean;
  readonly logger?: DeviceLogger;
  /**
   * While connected, check every `intervalMs` that the device path still exists and treat the port as lost
   * when it does not. Needed because a flowing port does not always notice that its tty vanished (bindings-cpp
   * then spins on 0-byte reads of the hung-up pty / USB device). Default: every 1000 ms when the native
   * binding is used on a POSIX system, off for an injected binding. `false` turns it off.
   */
  readonly presenceCheck?:
    | false
    | { readonly intervalMs: number; readonly exists?: (path: string) => Promise<boolean> };
}

/**
 * One serial port that keeps itself open: after `start()` it opens the path, and whenever the port closes or
 * errors (cable pulled, adapter reset) it reports 'disconnected' and retries with capped exponential back-off
 * until it is open again, then reports 'connected'. `stop()` ends it.
 */
export interface SerialConnection {
  readonly path: string;
  readonly baudRate: number;
  readonly status: SerialStatus;
  start(): void;
  stop(): Promise<void>;
  /** Resolves once the bytes are handed to the OS; rejects with `DeviceDisconnectedError` when not connected. */
  write(bytes: Uint8Array): Promise<void>;
  /** Changes the rate of the open port, and the rate used for every later reopen. */
  setBaudRate(baudRate: number): Promise<void>;
  /**
   * Treats the port as lost (e.g. a watchdog found it silent): closes it, reports 'disconnected' and reopens
   * with back-off. No-op when already disconnected.
   */
  reopen(reason: string): void;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  onStatus(listener: (status: SerialStatus, cause?: Error) => void): Unsubscribe;
}

const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const toError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

let defaultBindingPromise: Promise<SerialBinding> | undefined;
const loadDefaultBinding = (): Promise<SerialBinding> => {
  defaultBindingPromise ??= import('serialport').then((module) => module.SerialPort.binding);
  return defaultBindingPromise;
};

export function createSerialConnection(options: SerialConnectionOptions): SerialConnection {
  const timers = options.timers ?? systemTimers;
  const backoff = options.backoff ?? defaultBackoff;
  const logger = options.logger ?? silentLogger;
  const { path } = options;
  let baudRate = options.baudRate;
  let status: SerialStatus = 'disconnected';
  let running = false;
  let port: SerialPortStream | undefined;
  let opening = false;
  let attempt = 0;
  let cancelRetry: CancelTimer | undefined;
  let cancelPresence: CancelTimer | undefined;
  const presence =
    options.presenceCheck ??
    (options.binding === undefined && process.platform !== 'win32' ? { intervalMs: 1000 } : false);
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const statusListeners = new Set<(status: SerialStatus, cause?: Error) => void>();

  const setStatus = (next: SerialStatus, cause?: Error): void => {
    if (status === next) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next, cause);
  };

  const scheduleRetry = (): void => {
    if (!running || cancelRetry) return;
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    cancelRetry = timers.set(() => {
      cancelRetry = undefined;
      void openOnce();
    }, delay);
  };

  const closeQuietly = (stale: SerialPortStream): void => {
    if (!stale.isOpen) return;
    stale.close((error) => {
      if (error) logger.debug('serial: closing a lost port failed', { path, error: error.message });
    });
  };

  const watchPresence = (watched: SerialPortStream): void => {
    if (!presence) return;
    const exists = presence.exists ?? pathExists;
    cancelPresence = timers.set(() => {
      cancelPresence = undefined;
      void exists(path).then((present) => {
        if (port !== watched) return;
        if (present) watchPresence(watched);
        else lose(watched, new Error(`${path} vanished`));
      });
    }, presence.intervalMs);
  };

  const lose = (lost: SerialPortStream, cause: Error): void => {
    if (port !== lost) return;
    port = undefined;
    cancelPresence?.();
    cancelPresence = undefined;
    closeQuietly(lost);
    logger.warn('serial: port lost', { path, error: cause.message });
    setStatus('disconnected', cause);
    scheduleRetry();
  };

  const openPort = async (): Promise<SerialPortStream> => {
    const binding = options.binding ?? (await loadDefaultBinding());
    const created = new SerialPortStream({
      binding,
      path,
      baudRate,
      autoOpen: false,
      lock: options.lock ?? true,
    });
    // Listeners stay on the instance for its whole life, so a late 'error' never goes unhandled.
    created.on('error', (error: Error) => lose(created, error));
    created.on('close', (error: Error | null) => lose(created, error ?? new Error('port closed')));
    created.on('data', (chunk: Buffer) => {
      if (port !== created) return;
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const listener of [...dataListeners]) listener(bytes);
    });
    await new Promise<void>((resolve, reject) => {
      created.open((error) => (error ? reject(error) : resolve()));
    });
    return created;
  };

  const openOnce = async (): Promise<void> => {
    if (!running || port || opening) return;
    opening = true;
    let opened: SerialPortStream;
    try {
      opened = await openPort();
    } catch (error) {
      logger.debug('serial: open failed', { path, attempt, error: toError(error).message });
      scheduleRetry();
      return;
    } finally {
      opening = false;
    }
    if (!running) {
      closeQuietly(opened);
      return;
    }
    port = opened;
    attempt = 0;
    watchPresence(opened);
    logger.info('serial: port open', { path, baudRate });
    setStatus('connected');
  };

  return {
    path,
    get baudRate() {
      return baudRate;
    },
    get status() {
      return status;
    },
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      void openOnce();
    },
    async stop() {
      running = false;
      cancelRetry?.();
      cancelRetry = undefined;
      cancelPresence?.();
      cancelPresence = undefined;
      const open = port;
      port = undefined;
      if (open?.isOpen) {
        await new Promise<void>((resolve) => {
          open.close((error) => {
            if (error) logger.debug('serial: close failed', { path, error: error.message });
            resolve();
          });
        });
      }
      setStatus('disconnected');
    },
    write(bytes) {
      const open = port;
      if (!open || status !== 'connected') return Promise.reject(new DeviceDisconnectedError(path));
      return new Promise<void>((resolve, reject) => {
        open.write(Buffer.from(bytes), (error) => {
          if (!error) {
            resolve();
            return;
          }
          const cause = toError(error);
          lose(open, cause);
          reject(new DeviceDisconnectedError(path, `write failed: ${cause.message}`, { cause }));
        });
      });
    },
    setBaudRate(next) {
      baudRate = next;
      const open = port;
      if (!open) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        open.update({ baudRate: next }, (error) => (error ? reject(error) : resolve()));
      });
    },
    reopen(reason) {
      if (port) lose(port, new Error(reason));
    },
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
