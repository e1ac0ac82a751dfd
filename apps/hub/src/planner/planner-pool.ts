import { Worker } from 'node:worker_threads';
import type { ErrorBody, PlannerAnswer } from '@hallq/protocol';
import type { PlanJob } from './plan-job.ts';

/**
 * Runs the planner's simulations in worker threads, so a plan that takes seconds never delays a queue command on
 * the hub's main thread. At most `maxRunning` plans simulate at once (the hall PC has two cores, and the hub's
 * own thread keeps one); up to `maxWaiting` more wait their turn, and any beyond are refused with BUSY at once
 * rather than piling up behind a slow one. A plan still running after `timeoutMs` has its worker ended (the only
 * way to stop a computation) and is answered TIMEOUT; the next plan gets a fresh worker. Idle workers are kept for
 * the next plan (a worker's start costs more than a small plan) but never keep the process alive. The time limit
 * counts from the plan's arrival (its wait in line included: the asker stops waiting too), not the worker's start.
 */
export interface PlannerPoolOptions {
  readonly maxRunning?: number;
  readonly maxWaiting?: number;
  readonly timeoutMs?: number;
}

export type PlanOutcome =
  | { readonly ok: true; readonly value: PlannerAnswer }
  | { readonly ok: false; readonly error: ErrorBody };

export interface PlannerPool {
  run(job: PlanJob): Promise<PlanOutcome>;
  /** Ends every worker; plans still running or waiting are answered with an error. */
  close(): Promise<void>;
}

/**
 * The time limit is just under the console's and hallctl's wait for any answer (packages/client's
 * `commandTimeoutMs`, 5 s): a plan nobody waits for any more is stopped rather than left holding the worker.
 */
export const PLANNER_POOL_DEFAULTS = { maxRunning: 1, maxWaiting: 3, timeoutMs: 4_500 } as const;

/** A plan's answer from the worker (its first message, `{ ready: true }`, only says it has loaded). */
type WorkerAnswer = { ok: true; result: PlannerAnswer } | { ok: false; message: string };

const BUSY: PlanOutcome = {
  ok: false,
  error: {
    code: 'BUSY',
    message: '排班测算繁忙，请稍后重试 · The planner is busy with other plans; try again in a moment',
  },
};
const failed = (message: string): PlanOutcome => ({
  ok: false,
  error: { code: 'INTERNAL', message: `排班测算失败 · The plan could not be computed: ${message}` },
});

/**
 * Where the worker's code is. From source (tsx, Vitest) this module is a .ts file, and the worker starts from
 * planner-worker-from-source.mjs beside it (which loads planner-worker.ts through tsx); in the production build
 * this code is inside apps/hub/dist/main.mjs, and scripts/build.mjs bundles the worker to planner-worker.mjs beside it.
 */
function workerEntry(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './planner-worker-from-source.mjs' : './planner-worker.mjs', import.meta.url);
}

export function createPlannerPool(options: PlannerPoolOptions = {}): PlannerPool {
  const { maxRunning, maxWaiting, timeoutMs } = { ...PLANNER_POOL_DEFAULTS, ...options };
  const idle: Worker[] = [];
  /** Every worker not idle: starting, or simulating a plan. */
  const busy = new Set<Worker>();
  let running = 0;
  /** Plans waiting their turn, each with the moment (performance.now()) its time runs out. */
  const waiting: { job: PlanJob; deadline: number; answer: (outcome: PlanOutcome) => void }[] = [];
  let closed = false;
  const TIMED_OUT: PlanOutcome = {
    ok: false,
    error: {
      code: 'TIMEOUT',
      message: `排班测算超过 ${timeoutMs / 1000} 秒，已停止 · The plan took longer than ${timeoutMs / 1000} s and was stopped`,
    },
  };

  /** A new worker, once it has loaded and said so (see planner-worker.ts); rejects when it fails to start. */
  const spawn = (): Promise<Worker> =>
    new Promise((ready, fail) => {
      const worker = new Worker(workerEntry());
      busy.add(worker);
      const broken = (error: Error) => {
        busy.delete(worker);
        fail(error);
      };
      const exited = (code: number) =>
        broken(new Error(`the planner's worker stopped while starting (exit ${code})`));
      worker.once('error', broken);
      worker.once('exit', exited);
      worker.once('message', () => {
        worker.off('error', broken);
        worker.off('exit', exited);
        // A worker that dies while idle is simply not used again.
        worker.on('error', () => undefined);
        worker.once('exit', () => {
          const at = idle.indexOf(worker);
          if (at >= 0) idle.splice(at, 1);
        });
        ready(worker);
      });
    });

  const release = () => {
    running -= 1;
    const queued = closed ? undefined : waiting.shift();
    if (queued) void start(queued.job, queued.deadline, queued.answer);
  };

  async function start(
    job: PlanJob,
    deadline: number,
    answer: (outcome: PlanOutcome) => void,
  ): Promise<void> {
    running += 1;
    let worker: Worker;
    const spawning = performance.now();
    try {
      worker = idle.pop() ?? (await spawn());
    } catch (error) {
      answer(failed((error as Error).message));
      release();
      return;
    }
    if (closed) {
      void worker.terminate();
      answer(failed('the hub is closing'));
      return;
    }
    // The time left: from the plan's arrival, less its wait in line, not counting a new worker's start.
    const left = deadline + (performance.now() - spawning) - performance.now();
    if (left <= 0) {
      worker.unref();
      idle.push(worker);
      answer(TIMED_OUT);
      release();
      return;
    }
    busy.add(worker);
    worker.ref();
    let settled = false;
    const finish = (outcome: PlanOutcome, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      busy.delete(worker);
      if (keep && !closed) {
        // Idle workers wait for the next plan without keeping the hub's process alive.
        worker.unref();
        idle.push(worker);
      } else {
        void worker.terminate();
      }
      answer(outcome);
      release();
    };
    const onMessage = (reply: WorkerAnswer) =>
      finish(reply.ok ? { ok: true, value: reply.result } : failed(reply.message), true);
    const onError = (error: Error) => finish(failed(error.message), false);
    const onExit = (code: number) => finish(failed(`the planner's worker stopped (exit ${code})`), false);
    const timer = setTimeout(() => finish(TIMED_OUT, false), left);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  }

  return {
    run(job) {
      if (closed) return Promise.resolve(failed('the hub is closing'));
      return new Promise((answer) => {
        const deadline = performance.now() + timeoutMs;
        if (running < maxRunning) void start(job, deadline, answer);
        else if (waiting.length < maxWaiting) waiting.push({ job, deadline, answer });
        else answer(BUSY);
      });
    },
    async close() {
      closed = true;
      for (const queued of waiting.splice(0)) queued.answer(failed('the hub is closing'));
      await Promise.all([...idle.splice(0), ...busy].map((w) => w.terminate()));
    },
  };
}
