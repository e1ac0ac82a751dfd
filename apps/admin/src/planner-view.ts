import type { PlannerAnswer } from '@hallq/protocol';

/** 540 → "09:00–09:30": a half-hour of the planner's table. */
export function halfHourText(startMinute: number): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(startMinute)}–${hhmm(startMinute + 30)}`;
}

/** A predicted wait in whole minutes, or a dash where nobody is forecast to come. */
export const waitText = (ms: number | null): string => (ms === null ? '—' : String(Math.round(ms / 60_000)));

/** The day after `day` (YYYY-MM-DD): the planner opens on tomorrow, the day a manager staffs. */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** One window more or fewer in a half-hour, within 0 … the windows the hall has. */
export function changeCount(counts: readonly number[], index: number, value: number, max: number): number[] {
  const clamped = Math.max(0, Math.min(max, Math.round(Number.isFinite(value) ? value : 0)));
  return counts.map((c, i) => (i === index ? clamped : c));
}

/** Sums for the table's foot: forecast arrivals, and window-hours of the plan (each half-hour a half). */
export function totalsOf(
  plan: PlannerAnswer,
  counts: readonly number[],
): { arrivals: number; windowHours: number } {
  return {
    arrivals: Math.round(plan.halfHours.reduce((s, h) => s + h.arrivals, 0)),
    windowHours: counts.reduce((s, c) => s + c, 0) / 2,
  };
}
