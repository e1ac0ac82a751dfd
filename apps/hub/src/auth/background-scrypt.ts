import { Worker } from 'node:worker_threads';
import type { KeyDerivation, ScryptCost } from './secrets.ts';
import { KEY_LENGTH, maxmemFor } from './secrets.ts';

/**
 * Password checks for sign-ins that come from no registered device (a browser, or anyone on the LAN) run on a
 * thread of their own at the lowest CPU priority (nice 19). A scrypt check takes a few hundred ms of a core, and
 * a flood of wrong passwords that the throttle still admits (a few per address per minute, from many addresses)
 * kept one always running: on the hall's two cores that thread took CPU time from the thread answering the
 * kiosks, and their acks slowed 2–3×. At nice 19 it gets only what the hub and the hall's other work leave, and
 * a sign-in on an idle hub is as quick as before. A clerk at a registered counter keeps the normal-priority
 * check (the libuv pool): the throttle already serves that lane first.
 *
 * Linux lets a thread lower its own priority with setpriority(PRIO_PROCESS, tid) (os.setPriority with the
 * thread's id, read from /proc/thread-self). Elsewhere the thread runs at normal priority and `lowered` says so.
 */
export interface BackgroundScrypt {
  readonly derive: KeyDerivation;
  /** Whether the thread runs at the lowest priority; undefined until it has started once. */
  readonly lowered: () => boolean | undefined;
  readonly close: () => Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { setPriority } = require('node:os');
let lowered = false;
try {
  const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
  setPriority(tid, 19);
  lowered = true;
} catch {}
parentPort.postMessage({ type: 'ready', lowered });
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLength, job.options);
    parentPort.postMessage({ type: 'key', id: job.id, key });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', id: job.id, message: String(error && error.message) });
  }
});
`;

type WorkerReply =
  | { readonly type: 'ready'; readonly lowered: boolean }
  | { readonly type: 'key'; readonly id: number; readonly key: Uint8Array }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

interface Pending {
  readonly resolve: (key: Buffer) => void;
  readonly reject: (error: Error) => void;
}

export function createBackgroundScrypt(): BackgroundScrypt {
  let worker: Worker | undefined;
  let lowered: boolean | undefined;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  function failAll(error: Error): void {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  }

  /** Started at the first check and again after a crash; it holds the process open only while it has work. */
  function running(): Worker {
    if (worker) return worker;
    const started = new Worker(WORKER_SOURCE, { eval: true });
    started.unref();
    started.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        lowered = reply.lowered;
        return;
      }
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.type === 'key') job.resolve(Buffer.from(reply.key));
      else job.reject(new Error(`password check failed: ${reply.message}`));
    });
    started.on('error', (error: Error) => failAll(error));
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new Error('the password-check thread stopped'));
    });
    worker = started;
    return started;
  }

  const derive: KeyDerivation = (password: string, salt: Buffer, cost: ScryptCost) => {
    if (closed) return Promise.reject(new Error('the hub is closing'));
    const thread = running();
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      thread.ref();
      thread.postMessage({
        id,
        password: password.normalize('NFKC'),
        salt: new Uint8Array(salt),
        keyLength: KEY_LENGTH,
        options: { N: cost.N, r: cost.r, p: cost.p, maxmem: maxmemFor(cost) },
      });
    });
  };

  return {
    derive,
    lowered: () => lowered,
    async close() {
      closed = true;
      const stopping = worker;
      worker = undefined;
      failAll(new Error('the hub is closing'));
      await stopping?.terminate();
    },
  };
}
