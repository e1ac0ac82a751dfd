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
 * 75 min → 60–90. Bad figures (negative, NaN) count as 0; an endless one is "over".
 */
export function waitRangeOf(peopleAhead: number, estimatedWaitMs: number): WaitRange {
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
