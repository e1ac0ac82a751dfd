import { z } from 'zod';
import { HALL_LIMITS } from './hall-schema.ts';

/** 排班建议: the most half-hours a planned day has (a whole day). */
export const PLANNER_HALF_HOURS = 48;

const PlannerDay = z
  .string()
  .max(10)
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date as YYYY-MM-DD');

/** What the staffing planner keeps: `share` of visitors called within `maxWaitMinutes`. */
export const PlannerTarget = z
  .object({ share: z.number().min(0.5).max(0.99), maxWaitMinutes: z.number().min(1).max(240) })
  .strict();
export type PlannerTarget = z.infer<typeof PlannerTarget>;

/**
 * A day to plan: arrivals forecast from the same weekday of the last `weeks` weeks × `growth`; the windows open per
 * half-hour (`counts`; absent: the hall's schedule); with `target`, also the fewest windows that keep it.
 */
export const PlannerQuery = z
  .object({
    day: PlannerDay,
    weeks: z.number().int().min(1).max(12).optional(),
    growth: z.number().min(0.1).max(5).optional(),
    counts: z.array(z.number().int().min(0).max(HALL_LIMITS.windows)).max(PLANNER_HALF_HOURS).optional(),
    target: PlannerTarget.optional(),
  })
  .strict();
export type PlannerQuery = z.infer<typeof PlannerQuery>;

export const PlannerHalfHour = z.object({
  startMinute: z.number().int(),
  /** Forecast arrivals, all services. */
  arrivals: z.number().nonnegative(),
  /** Windows the hall's schedule plans, and the windows of this prediction. */
  planned: z.number().int().nonnegative(),
  windows: z.number().int().nonnegative(),
  medianWaitMs: z.number().nonnegative().nullable(),
  p80WaitMs: z.number().nonnegative().nullable(),
});
export type PlannerHalfHour = z.infer<typeof PlannerHalfHour>;

export const PlannerAnswer = z.object({
  day: PlannerDay,
  weeks: z.number().int(),
  growth: z.number(),
  /** The past days the forecast was learnt from (those with any tickets). */
  historyDays: z.array(PlannerDay),
  windowsAvailable: z.number().int(),
  halfHours: z.array(PlannerHalfHour),
  /** With a target: the fewest windows per half-hour, and whether each half-hour meets it. */
  suggestion: z
    .object({
      counts: z.array(z.number().int()),
      met: z.array(z.boolean()),
      shareWithinTarget: z.array(z.number()),
      halfHours: z.array(PlannerHalfHour),
    })
    .nullable(),
});
export type PlannerAnswer = z.infer<typeof PlannerAnswer>;
