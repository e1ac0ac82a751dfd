/**
 * What a visitor is told about their wait: one rule for the kiosk tile, the ticket screen, the paper ticket and
 * the lobby. The estimate (`estimateWaitMs`) is a single figure from a model of the hall; a visitor reads it as a
 * promise, so it is shown as a range whose width grows with the wait. With anyone ahead the answer is never
 * "no wait", whatever the figure says (two windows, one person ahead: the figure is 0, yet someone is first).
 */

/** Waits from this many minutes on are not given as a range: "over 3 hours". */
export const LONGEST_WAIT_RANGE_MINUTES = 180;

export type WaitRange =
  /** Nobody ahead and a window free now. */
  | { readonly kind: 'no-wait' }
  /** Between `fromMinutes` and `toMinutes`; `fromMinutes` 0 reads "within `toMinutes`". */
  | { readonly kind: 'range'; readonly fromMinutes: number; readonly toMinutes: number }
  /** At least `minutes` (LONGEST_WAIT_RANGE_MINUTES). */
  | { readonly kind: 'over'; readonly minutes: number };

/** Width of the range around a wait of `minutes`: 5 up to half an hour, 10 up to an hour, then 30. */
const stepFor = (minutes: number): number => (minutes <= 30 ? 5 : minutes <= 60 ? 10 : 30);

/**
 * The range to show for a visitor with `peopleAhead` in front and an estimate of `estimatedWaitMs`. The estimate is
 * rounded up to whole minutes and then up to the range's step: 7 min → 5–10, 10 min → 5–10, 42 min → 40–50,
 * 75 min → 60–90. Bad figures (negative, NaN) count as 0; an endless one is "over". With the estimator's `spread`
 * (its 20th–80th percentile), the range runs from the step holding the 20th percentile to the step holding the
 * 80th (and always covers the estimate's own step): 18 and 33 min around 25 → 15–40.
 */
export function waitRangeOf(
  peopleAhead: number,
  estimatedWaitMs: number,
  spread?: WaitSpreadMs | null,
): WaitRange {
  const point = pointRangeOf(peopleAhead, estimatedWaitMs);
  if (!spread) return point;
  const high = pointRangeOf(1, spread.highMs);
  if (point.kind === 'no-wait' && !(spread.highMs > 0)) return point;
  const low = pointRangeOf(1, spread.lowMs);
  const fromOf = (r: WaitRange) => (r.kind === 'range' ? r.fromMinutes : r.kind === 'over' ? r.minutes : 0);
  const fromMinutes = Math.min(fromOf(low), fromOf(point));
  if (fromMinutes >= LONGEST_WAIT_RANGE_MINUTES) return { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES };
  // The high end beyond three hours: "at least" the low end, in whole hours, is all that can be said.
  if (high.kind === 'over' || point.kind === 'over') {
    return fromMinutes >= 60
      ? { kind: 'over', minutes: Math.floor(fromMinutes / 60) * 60 }
      : { kind: 'range', fromMinutes, toMinutes: LONGEST_WAIT_RANGE_MINUTES };
  }
  const toOf = (r: WaitRange) => (r.kind === 'range' ? r.toMinutes : 0);
  return { kind: 'range', fromMinutes, toMinutes: Math.max(toOf(high), toOf(point)) };
}

/** The 20th and 80th percentile of the simulated waits (packages/core estimator), ms. */
export interface WaitSpreadMs {
  readonly lowMs: number;
  readonly highMs: number;
}

/** The range around a single figure (the rule above without a spread). */
function pointRangeOf(peopleAhead: number, estimatedWaitMs: number): WaitRange {
  if (estimatedWaitMs === Number.POSITIVE_INFINITY)
    return { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES };
  const ms = Number.isFinite(estimatedWaitMs) && estimatedWaitMs > 0 ? estimatedWaitMs : 0;
  const minutes = Math.ceil(ms / 60_000);
  const someoneAhead = Number.isFinite(peopleAhead) && peopleAhead > 0;
  if (minutes === 0 && !someoneAhead) return { kind: 'no-wait' };
  if (minutes >= LONGEST_WAIT_RANGE_MINUTES) return { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES };
  const step = stepFor(minutes);
  const toMinutes = Math.max(step, Math.ceil(minutes / step) * step);
  return { kind: 'range', fromMinutes: toMinutes - step, toMinutes };
}
