import type { Ack, HallConfig, PlannerAnswer, PlannerQuery } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import { createPlannerPool, type PlannerPoolOptions } from './planner-pool.ts';

/**
 * 排班建议 (the staffing planner, a digital twin of the hall): a day's arrivals forecast from the same weekday of the
 * last weeks × a growth factor, service times and no-shows from those days' tickets (planner-day.ts), the windows
 * planned per half-hour by the hall's schedule or as the manager changes them; the day simulated (core/planner)
 * for predicted waits, and on request the fewest windows that keep a target (plan-job.ts). All of it, the
 * history's reading included (hundreds of milliseconds for a month of a large hall), runs in a worker thread with
 * its own read-only connection to the hall's database (planner-pool.ts): the queue never waits behind a plan.
 */
export function createPlanner(db: HubDatabase, hall: () => HallConfig, poolOptions: PlannerPoolOptions = {}) {
  const pool = createPlannerPool(poolOptions);
  return {
    async plan(query: PlannerQuery): Promise<Ack<PlannerAnswer>> {
      // A database only in this process's memory cannot be read from another thread.
      if (db.memory) {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: '排班测算需要数据库文件 · The planner needs a database file' },
        };
      }
      const outcome = await pool.run({ dbFile: db.name, hall: hall(), query });
      return outcome.ok ? { ok: true, data: outcome.value } : outcome;
    },
    /** Ends the planner's worker threads (the hub is closing). */
    close: () => pool.close(),
  };
}
