// The staffing planner's worker thread (see planner-pool.ts): one plan at a time, answered in order. Bundled by
// scripts/build.mjs as its own entry beside the hub's (apps/hub/dist/planner-worker.mjs); run from source via tsx.
import { parentPort } from 'node:worker_threads';
import { type PlanJob, runPlanJob } from './plan-job.ts';

if (!parentPort) throw new Error('planner-worker.ts runs only as a worker thread');
const port = parentPort;
port.on('message', (job: PlanJob) => {
  try {
    port.postMessage({ ok: true, result: runPlanJob(job) });
  } catch (error) {
    port.postMessage({ ok: false, message: (error as Error).message });
  }
});
// Loaded and listening: the pool starts a plan's clock only now, so a worker's start is not charged to its plan.
port.postMessage({ ready: true });
