import { DeviceDisconnectedError, DeviceTimeoutError } from './errors.ts';
import type { SerialConnection, Unsubscribe } from './serial-connection.ts';
import { type CancelTimer, systemTimers, type Timers } from './timers.ts';

export interface DeviceRequest<TResponse> {
  /** Frame to write. */
  readonly bytes: Uint8Array;
  /** Does this parsed message answer the request? Messages that do not match are left to other consumers. */
  readonly match: (response: TResponse) => boolean;
  /** Short name of the command for errors and logs, e.g. 'find card'. */
  readonly operation: string;
  /** Overrides the queue's default timeout. */
  readonly timeoutMs?: number;
}

/**
 * Request/response over a {@link SerialConnection}: one command in flight at a time (others wait in FIFO
 * order), the answer picked out of the parsed message stream by a predicate, `DeviceTimeoutError` when none
 * comes in time, `DeviceDisconnectedError` when the port is or becomes disconnected.
 */
export interface RequestQueue<TResponse> {
  request(request: DeviceRequest<TResponse>): Promise<TResponse>;
  /**
   * Feed every parsed message here. Returns true when it answered the request in flight (and was consumed);
   * false when nothing was waiting for it (an unsolicited or late message).
   */
  deliver(response: TResponse): boolean;
  /** Requests in flight or waiting. */
  readonly pending: number;
  /** Rejects every queued request with `error`. */
  cancelAll(error: Error): void;
  /** Cancels everything and stops listening to the connection. */
  dispose(): void;
}

export interface RequestQueueOptions {
  readonly connection: Pick<SerialConnection, 'path' | 'status' | 'write' | 'onStatus'>;
  readonly timeoutMs: number;
  readonly timers?: Timers;
}

interface Job<TResponse> {
  readonly request: DeviceRequest<TResponse>;
  readonly resolve: (response: TResponse) => void;
  readonly reject: (error: Error) => void;
  cancelTimeout?: CancelTimer;
  settled: boolean;
}

export function createRequestQueue<TResponse>(options: RequestQueueOptions): RequestQueue<TResponse> {
  const { connection } = options;
  const timers = options.timers ?? systemTimers;
  const waiting: Job<TResponse>[] = [];
  let current: Job<TResponse> | undefined;

  const settle = (job: Job<TResponse>, outcome: { response: TResponse } | { error: Error }): void => {
    if (job.settled) return;
    job.settled = true;
    job.cancelTimeout?.();
    if (current === job) current = undefined;
    if ('response' in outcome) job.resolve(outcome.response);
    else job.reject(outcome.error);
    runNext();
  };

  const runNext = (): void => {
    if (current) return;
    const job = waiting.shift();
    if (!job) return;
    current = job;
    if (connection.status !== 'connected') {
      settle(job, { error: new DeviceDisconnectedError(connection.path) });
      return;
    }
    const timeoutMs = job.request.timeoutMs ?? options.timeoutMs;
    job.cancelTimeout = timers.set(
      () => settle(job, { error: new DeviceTimeoutError(job.request.operation, timeoutMs) }),
      timeoutMs,
    );
    connection.write(job.request.bytes).then(
      () => {},
      (error: unknown) => settle(job, { error: error instanceof Error ? error : new Error(String(error)) }),
    );
  };

  const cancelAll = (error: Error): void => {
    const jobs = current ? [current, ...waiting] : [...waiting];
    waiting.length = 0;
    for (const job of jobs) settle(job, { error });
  };

  const unsubscribe: Unsubscribe = connection.onStatus((status) => {
    if (status === 'disconnected') cancelAll(new DeviceDisconnectedError(connection.path, 'port lost'));
  });

  return {
    request(request) {
      return new Promise<TResponse>((resolve, reject) => {
        waiting.push({ request, resolve, reject, settled: false });
        runNext();
      });
    },
    deliver(response) {
      const job = current;
      if (!job?.request.match(response)) return false;
      settle(job, { response });
      return true;
    },
    get pending() {
      return waiting.length + (current ? 1 : 0);
    },
    cancelAll,
    dispose() {
      unsubscribe();
      cancelAll(new DeviceDisconnectedError(connection.path, 'request queue disposed'));
    },
  };
}
