import {
  type PlannedHalfHour,
  type PlannerDay,
  plannedCounts,
  predictDay,
  suggestCounts,
  type WindowSchedule,
} from '@hallq/core';
import type { PlannerTarget } from '@hallq/protocol';

/**
 * The planner's simulation work, as plain data so it can cross to a worker thread: the day already read from the
 * database (main thread, a few milliseconds) and what to do with it (seconds on a large hall).
 */
export interface PlanJob {
  readonly day: PlannerDay;
  readonly schedule: WindowSchedule | undefined;
  /** The windows per half-hour the manager asked for; absent: the schedule's. */
  readonly counts: readonly number[] | undefined;
  readonly target: PlannerTarget | undefined;
}

export interface PlanJobResult {
  /** Windows the hall's schedule plans per half-hour. */
  readonly planned: number[];
  readonly halfHours: PlannedHalfHour[];
  readonly suggestion: {
    readonly counts: number[];
    readonly met: boolean[];
    readonly shareWithinTarget: number[];
    readonly halfHours: PlannedHalfHour[];
  } | null;
}

/** Simulates the job's day (pure: the same job gives the same result in any thread). */
export function runPlanJob(job: PlanJob): PlanJobResult {
  const planned = plannedCounts(job.day, job.schedule);
  const counts = planned.map((p, i) => job.counts?.[i] ?? p);
  const suggestion = job.target ? suggestCounts(job.day, job.target) : null;
  return {
    planned,
    halfHours: predictDay(job.day, counts),
    suggestion: suggestion && {
      counts: [...suggestion.plan.counts],
      met: [...suggestion.plan.met],
      shareWithinTarget: [...suggestion.plan.shareWithinTarget],
      halfHours: suggestion.halfHours,
    },
  };
}
