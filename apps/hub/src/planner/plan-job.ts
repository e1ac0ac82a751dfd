import { type PlannedHalfHour, plannedCounts, predictDay, suggestCounts } from '@hallq/core';
import type { HallConfig, PlannerAnswer, PlannerHalfHour, PlannerQuery } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import { plannerDayOf } from './planner-day.ts';

/** A plan to make, as plain data so it can cross to a worker thread: where the history is, the hall, the question. */
export interface PlanJob {
  /** The hall's database file (the worker reads it through its own read-only connection). */
  readonly dbFile: string;
  readonly hall: HallConfig;
  readonly query: PlannerQuery;
}

/** The planner's answer: the history read, the day simulated with the windows asked for, and the fewest windows. */
export function runPlanJob(db: HubDatabase, job: PlanJob): PlannerAnswer {
  const { hall: config, query } = job;
  const { day, weeks, growth, historyDays } = plannerDayOf(db, config, query);
  const planned = plannedCounts(day, config.schedule);
  const counts = planned.map((p, i) => query.counts?.[i] ?? p);
  const view = (halfHours: readonly PlannedHalfHour[]): PlannerHalfHour[] =>
    halfHours.map((h, i) => ({ ...h, planned: planned[i] ?? 0 }));
  const suggestion = query.target ? suggestCounts(day, query.target) : null;
  return {
    day: query.day,
    weeks,
    growth,
    historyDays,
    windowsAvailable: config.windows.filter((w) => w.enabled).length,
    halfHours: view(predictDay(day, counts)),
    suggestion: suggestion && {
      counts: [...suggestion.plan.counts],
      met: [...suggestion.plan.met],
      shareWithinTarget: [...suggestion.plan.shareWithinTarget],
      halfHours: view(suggestion.halfHours),
    },
  };
}
