// The staffing planner's worker thread (see planner-pool.ts): one plan at a time, answered in order. Bundled by
// scripts/build.mjs as its own entry beside the hub's (apps/hub/dist/planner-worker.mjs); run from source via tsx.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { HubDatabase } from '../db/open-database.ts';
import { type PlanJob, runPlanJob } from './plan-job.ts';

if (!parentPort) throw new Error('planner-worker.ts runs only as a worker thread');
const port = parentPort;

/** Read-only connections, one per database file, kept for the next plan (WAL: they read beside the hub's writer). */
const connections = new Map<string, HubDatabase>();
function readOnly(file: string): HubDatabase {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    connections.set(file, db);
  }
  return db;
}

port.on('message', (job: PlanJob) => {
  try {
    port.postMessage({ ok: true, result: runPlanJob(readOnly(job.dbFile), job) });
  } catch (error) {
    port.postMessage({ ok: false, message: (error as Error).message });
  }
});
// Loaded and listening: the pool starts a plan's clock only now, so a worker's start is not charged to its plan.
port.postMessage({ ready: true });
