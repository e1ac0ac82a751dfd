import { percentileOf } from '../simulation/day-simulator.ts';

const MINUTE = 60_000;

/** A wait as the estimator gives it: the outcome most often right (`spreadOf`) and the 20th–80th percentile. */
export interface WaitSpread {
  readonly pointMs: number;
  readonly lowMs: number;
  readonly highMs: number;
  /** Share of the simulated outcomes the point estimate is right for (the estimator's own expected accuracy). */
  readonly rightShare: number;
}

/** What counts as a right estimate: within ±20% of the real wait, or ±2 minutes, whichever is larger. */
export const TOLERANCE = { share: 0.2, floorMs: 2 * MINUTE } as const;

/** The first index of `sorted` whose value is at least `x`. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of `sorted` whose value is above `x`. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The figure to print: of the simulated outcomes, the one the most other outcomes lie within tolerance of (the
 * estimate most likely to come true as the hall judges it), ties to the one nearest the median. On a skewed spread
 * this sits left of the median, where a ±20% band catches more outcomes. An outcome r is within tolerance of c
 * exactly when min(c/1.2, c − floor) ≤ r ≤ max(c/0.8, c + floor), so each candidate is two binary searches.
 */
function mostLikelyRight(sorted: readonly number[]): { value: number; count: number } {
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  let best = median;
  let bestCount = -1;
  const { share, floorMs } = TOLERANCE;
  for (const candidate of sorted) {
    const from = Math.min(candidate / (1 + share), candidate - floorMs);
    const to = Math.max(candidate / (1 - share), candidate + floorMs);
    const count = upperBound(sorted, to) - lowerBound(sorted, from);
    if (
      count > bestCount ||
      (count === bestCount && Math.abs(candidate - median) < Math.abs(best - median))
    ) {
      best = candidate;
      bestCount = count;
    }
  }
  return { value: best, count: bestCount };
}

/** The spread of a list of outcomes (ms). */
export function spreadOf(outcomes: number[]): WaitSpread {
  outcomes.sort((a, b) => a - b);
  const at = (p: number) => Math.max(0, Math.round(percentileOf(outcomes, p) ?? 0));
  const point = mostLikelyRight(outcomes);
  return {
    pointMs: Math.max(0, Math.round(point.value)),
    lowMs: at(0.2),
    highMs: at(0.8),
    rightShare: outcomes.length === 0 ? 0 : point.count / outcomes.length,
  };
}
