/**
 * How bytes reach a ticket printer. A transport opens one connection per job (a status query or a ticket); inside a
 * job a lost link is an error, never a silent reconnect, so a ticket cut short by a dropped connection is reported.
 */
import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import type { CancelTimer, Timers } from '../serial/timers.ts';

export interface PrinterConnection {
  /** Resolves when the bytes are handed to the OS; rejects with `DeviceDisconnectedError` / `DeviceTimeoutError`. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Sends `bytes` and resolves with the next `replyLength` bytes from the printer. Bytes that arrived earlier
   * (late answers, unsolicited status) are discarded first. Rejects with `DeviceTimeoutError` when the reply is not
   * complete within `timeoutMs`, `DeviceDisconnectedError` when the link is lost, `PrinterStatusUnsupportedError`
   * on a write-only transport.
   */
  request(bytes: Uint8Array, replyLength: number, timeoutMs: number): Promise<Buffer>;
  /** Ends the job. Safe to call twice and after a loss. */
  close(): Promise<void>;
}

export interface PrinterTransport {
  readonly kind: 'network' | 'serial' | 'file';
  /** For logs and errors: 'tcp://10.0.0.7:9100', '/dev/usb/lp0', 'serial:/dev/ttyS0'. */
  readonly description: string;
  /** False for a write-only device file: status is then 'unknown', never assumed fine. */
  readonly canReadStatus: boolean;
  open(): Promise<PrinterConnection>;
  /** Releases the transport (stops a serial port). */
  close(): Promise<void>;
}

/** Collects the reply to the one request in flight. Shared by the network and serial connections. */
export interface ReplyCollector {
  expect(length: number, timeoutMs: number, operation: string): Promise<Buffer>;
  feed(chunk: Uint8Array): void;
  /** Rejects the request in flight, if any. */
  fail(error: Error): void;
}

interface Waiter {
  readonly length: number;
  readonly resolve: (reply: Buffer) => void;
  readonly reject: (error: Error) => void;
  readonly cancelTimeout: CancelTimer;
}

export const createReplyCollector = (timers: Timers, path: string): ReplyCollector => {
  let received = Buffer.alloc(0);
  let waiter: Waiter | null = null;

  const settle = (outcome: { reply: Buffer } | { error: Error }): void => {
    const w = waiter;
    if (w === null) return;
    waiter = null;
    w.cancelTimeout();
    if ('reply' in outcome) w.resolve(outcome.reply);
    else w.reject(outcome.error);
  };

  const check = (): void => {
    if (waiter === null || received.length < waiter.length) return;
    const reply = Buffer.from(received.subarray(0, waiter.length));
    received = Buffer.from(received.subarray(waiter.length));
    settle({ reply });
  };

  return {
    expect(length, timeoutMs, operation) {
      if (waiter !== null) {
        return Promise.reject(
          new DeviceDisconnectedError(path, `"${operation}" sent while a request was in flight`),
        );
      }
      received = Buffer.alloc(0);
      return new Promise<Buffer>((resolve, reject) => {
        const cancelTimeout = timers.set(
          () => settle({ error: new DeviceTimeoutError(operation, timeoutMs) }),
          timeoutMs,
        );
        waiter = { length, resolve, reject, cancelTimeout };
      });
    },
    feed(chunk) {
      received = Buffer.concat([received, chunk]);
      // Nothing waiting: unsolicited bytes (e.g. automatic status back); `expect` discards them anyway.
      if (waiter === null) received = received.subarray(-64);
      check();
    },
    fail(error) {
      settle({ error });
    },
  };
};

export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
