import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { HubDatabase } from './open-database.ts';

/**
 * Copies the WAL back into the database file on a thread of its own. SQLite's automatic checkpoint runs inside
 * the COMMIT that crosses its threshold (1,000 pages): that one command waits for the copy and an fsync of the
 * whole database file, several milliseconds on the event loop every few hundred commands, which is the p99 of
 * every queue command. Here the hub's connection never checkpoints; a second connection, in a worker, runs a
 * PASSIVE checkpoint every `intervalMs` (it never blocks the writer: it copies what no reader still needs and
 * leaves the rest for next time). If the worker cannot start or dies, the hub's connection checkpoints by
 * itself again, so the WAL never grows without bound.
 */
export interface WalCheckpointer {
  /** Resolves after a checkpoint asked for now has run (tests). */
  readonly checkpointNow: () => Promise<CheckpointResult>;
  readonly close: () => Promise<void>;
}

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  readonly walFrames: number;
  readonly checkpointedFrames: number;
}

/** SQLite's own default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqlite);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'done', id: message.id, walFrames: row.log, checkpointedFrames: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', id: message.id, message: String(error && error.message) });
  }
});
`;

type WorkerReply =
  | { readonly type: 'ready' }
  | ({ readonly type: 'done'; readonly id: number } & CheckpointResult)
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export function startWalCheckpointer(
  db: HubDatabase,
  options: { readonly intervalMs: number; readonly logger: Logger },
): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Plain CommonJS that needs none of the parent's flags (--input-type=module would make it an ES module).
    execArgv: [],
    workerData: { sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), file: db.name },
  });
  worker.unref();
  let nextId = 1;
  let inFlight = false;
  let alive = true;
  const waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();

  // Off only once the worker is known to run: until then (and if it never does) SQLite checkpoints as before.
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'ready') {
      if (alive) db.pragma('wal_autocheckpoint = 0');
      return;
    }
    inFlight = false;
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.type === 'failed') {
      options.logger.warn({ reason: reply.message }, 'WAL checkpoint failed; the next one retries');
      waiter?.reject(new Error(reply.message));
    } else waiter?.resolve(reply);
  });
  const gone = (reason: string) => {
    if (!alive) return;
    alive = false;
    clearInterval(timer);
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    for (const waiter of waiting.values()) waiter.reject(new Error(reason));
    waiting.clear();
  };
  worker.on('error', (error) => {
    options.logger.error({ err: error }, 'WAL checkpoint thread failed; the hub checkpoints by itself again');
    gone(error.message);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => gone('the checkpoint thread exited'));

  function ask(): number {
    const id = nextId++;
    inFlight = true;
    worker.postMessage({ type: 'checkpoint', id });
    return id;
  }

  const timer = setInterval(() => {
    if (alive && !inFlight) ask();
  }, options.intervalMs);
  timer.unref();

  return {
    checkpointNow() {
      if (!alive) return Promise.reject(new Error('the checkpoint thread is not running'));
      return new Promise((resolve, reject) => waiting.set(ask(), { resolve, reject }));
    },
    async close() {
      if (!alive) return;
      clearInterval(timer);
      // Unref'd, the thread would not keep the process alive until it has closed its connection.
      worker.ref();
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
}
