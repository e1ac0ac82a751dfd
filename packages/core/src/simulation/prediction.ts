import { type HalfHourFigures, percentileOf, type SimulatedDay } from './day-simulator.ts';

const MINUTE = 60_000;

/**
 * What a set of simulated days (one forecast, several seeds) predicts per half-hour: waits pooled over every day
 * (median and 80th percentile of all visitors arriving in that half-hour), counts and open windows averaged.
 */
export function predictedHalfHours(days: readonly SimulatedDay[]): HalfHourFigures[] {
  if (days.length === 0) throw new RangeError('at least one simulated day is needed');
  const length = Math.max(...days.map((d) => d.halfHours.length));
  const startMinute = days[0]!.halfHours[0]?.startMinute ?? 0;
  // Each visitor's wait into the bucket of the half-hour they arrived in: one pass over the tickets.
  const waitsBySlot: number[][] = Array.from({ length }, () => []);
  for (const day of days) {
    for (const t of day.tickets) {
      const slot = Math.floor((t.arrivedAt - startMinute * MINUTE) / (30 * MINUTE));
      if (slot >= 0 && slot < length) waitsBySlot[slot]!.push(t.waitMs);
    }
  }
  return Array.from({ length }, (_, i) => {
    const waits = waitsBySlot[i]!.sort((a, b) => a - b);
    const mean = (pick: (h: HalfHourFigures) => number) =>
      days.reduce((s, d) => s + (d.halfHours[i] ? pick(d.halfHours[i]!) : 0), 0) / days.length;
    return {
      startMinute: startMinute + i * 30,
      arrivals: mean((h) => h.arrivals),
      medianWaitMs: percentileOf(waits, 0.5),
      p80WaitMs: percentileOf(waits, 0.8),
      served: mean((h) => h.served),
      noShows: mean((h) => h.noShows),
      windowsOpen: mean((h) => h.windowsOpen),
    };
  });
}

/** A real or predicted median wait for one half-hour (null: nobody arrived). */
export interface HalfHourMedian {
  readonly startMinute: number;
  readonly medianWaitMs: number | null;
}

/**
 * The planner's validation figure: predicted against real median waits, half-hour by half-hour, over the
 * half-hours where both have visitors. Mean absolute error and the largest miss, in ms.
 */
export function medianWaitError(
  predicted: readonly HalfHourMedian[],
  real: readonly HalfHourMedian[],
): {
  readonly halfHours: number;
  readonly meanAbsoluteErrorMs: number | null;
  readonly worstMs: number | null;
} {
  const byStart = new Map(real.map((r) => [r.startMinute, r.medianWaitMs]));
  const errors: number[] = [];
  for (const p of predicted) {
    const r = byStart.get(p.startMinute);
    if (p.medianWaitMs === null || r === null || r === undefined) continue;
    errors.push(Math.abs(p.medianWaitMs - r));
  }
  if (errors.length === 0) return { halfHours: 0, meanAbsoluteErrorMs: null, worstMs: null };
  return {
    halfHours: errors.length,
    meanAbsoluteErrorMs: errors.reduce((s, e) => s + e, 0) / errors.length,
    worstMs: Math.max(...errors),
  };
}
