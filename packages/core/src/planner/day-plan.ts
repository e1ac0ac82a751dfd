import type { HallWindow } from '../hall.ts';
import { type DaySimulationInput, type HalfHourFigures, simulateDay } from '../simulation/day-simulator.ts';
import { predictedHalfHours } from '../simulation/prediction.ts';
import {
  fewestWindowsPerHalfHour,
  type StaffingPlan,
  type StaffingTarget,
} from '../simulation/staffing-plan.ts';
import { scheduleFromCounts, type WindowSchedule } from '../simulation/window-schedule.ts';

/** The seeds every prediction of the planner uses: the same visitors for every plan compared (common numbers). */
export const PLANNER_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** A day to plan: the simulator's input without a schedule (the plan supplies it). */
export type PlannerDay = Omit<DaySimulationInput, 'schedule'>;

/** What the planner page shows for one half-hour. */
export interface PlannedHalfHour {
  readonly startMinute: number;
  /** Forecast arrivals (all services). */
  readonly arrivals: number;
  /** Windows open in the plan (a count per half-hour). */
  readonly windows: number;
  readonly medianWaitMs: number | null;
  readonly p80WaitMs: number | null;
}

const enabledIds = (windows: readonly HallWindow[]) => windows.filter((w) => w.enabled).map((w) => w.id);

/**
 * Windows planned open per half-hour by a schedule (breaks counted as the share of the half-hour they take, then
 * rounded): what the page starts from. Without a schedule, every enabled window in every half-hour.
 */
export function plannedCounts(day: PlannerDay, schedule: WindowSchedule | undefined): number[] {
  const ids = enabledIds(day.windows);
  if (!schedule) return day.arrivals.halfHours.map(() => ids.length);
  // A day with nobody: only the schedule's open windows are counted.
  const quiet: PlannerDay = {
    ...day,
    arrivals: { ...day.arrivals, halfHours: day.arrivals.halfHours.map(() => ({})) },
  };
  const figures = simulateDay({ ...quiet, schedule }, 0).halfHours;
  return day.arrivals.halfHours.map((_, i) => Math.min(ids.length, Math.round(figures[i]?.windowsOpen ?? 0)));
}

/**
 * The predicted half-hours of a day with `counts` windows open (the first `counts[i]` enabled windows of the
 * hall): each seed's simulated day, pooled (median and 80th percentile of the waits of those arriving then).
 */
export function predictDay(
  day: PlannerDay,
  counts: readonly number[],
  seeds: readonly number[] = PLANNER_SEEDS,
): PlannedHalfHour[] {
  const ids = enabledIds(day.windows);
  const clamped = day.arrivals.halfHours.map((_, i) =>
    Math.max(0, Math.min(ids.length, Math.round(counts[i] ?? 0))),
  );
  const schedule = scheduleFromCounts(ids, day.arrivals.startMinute, clamped);
  const figures: HalfHourFigures[] = predictedHalfHours(
    seeds.map((seed) => simulateDay({ ...day, schedule }, seed)),
  );
  return day.arrivals.halfHours.map((slot, i) => ({
    startMinute: day.arrivals.startMinute + i * 30,
    arrivals: Object.values(slot).reduce((s, n) => s + n, 0),
    windows: clamped[i]!,
    medianWaitMs: figures[i]?.medianWaitMs ?? null,
    p80WaitMs: figures[i]?.p80WaitMs ?? null,
  }));
}

/** The fewest windows per half-hour that keep the target (see `fewestWindowsPerHalfHour`), with its prediction. */
export function suggestCounts(
  day: PlannerDay,
  target: StaffingTarget,
  seeds: readonly number[] = PLANNER_SEEDS,
): { readonly plan: StaffingPlan; readonly halfHours: PlannedHalfHour[] } {
  const plan = fewestWindowsPerHalfHour(day, target, seeds);
  return { plan, halfHours: predictDay(day, plan.counts, seeds) };
}
