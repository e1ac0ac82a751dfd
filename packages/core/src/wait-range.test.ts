import { describe, expect, it } from 'vitest';
import { LONGEST_WAIT_RANGE_MINUTES, type WaitRange, waitRangeOf } from './wait-range.ts';

const MINUTE = 60_000;
const range = (fromMinutes: number, toMinutes: number): WaitRange => ({
  kind: 'range',
  fromMinutes,
  toMinutes,
});

describe('waitRangeOf', () => {
  it.each([
    // people ahead, estimate, what the visitor is told
    [0, 0, { kind: 'no-wait' }],
    [0, -5, { kind: 'no-wait' }],
    [0, Number.NaN, { kind: 'no-wait' }],
    // Someone ahead is never "no wait", even when the model says a window is free now.
    [1, 0, range(0, 5)],
    [3, Number.NaN, range(0, 5)],
    // Nobody ahead but the window is still busy: a wait all the same.
    [0, 1, range(0, 5)],
    [0, 4 * MINUTE, range(0, 5)],
    [1, 5 * MINUTE, range(0, 5)],
    [1, 5 * MINUTE + 1, range(5, 10)],
    [2, 7 * MINUTE, range(5, 10)],
    [2, 10 * MINUTE, range(5, 10)],
    [4, 26 * MINUTE, range(25, 30)],
    [4, 30 * MINUTE, range(25, 30)],
    [5, 31 * MINUTE, range(30, 40)],
    [6, 42 * MINUTE, range(40, 50)],
    [9, 60 * MINUTE, range(50, 60)],
    [9, 61 * MINUTE, range(60, 90)],
    [12, 75 * MINUTE, range(60, 90)],
    [20, 179 * MINUTE, range(150, 180)],
    [20, 180 * MINUTE, { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES }],
    [40, Number.POSITIVE_INFINITY, { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES }],
  ] as const)('%i ahead, %d ms → %o', (ahead, ms, expected) => {
    expect(waitRangeOf(ahead, ms)).toEqual(expected);
  });

  it('grows with the estimate and always contains it', () => {
    let previous = 0;
    for (let minutes = 1; minutes < LONGEST_WAIT_RANGE_MINUTES; minutes += 1) {
      const shown = waitRangeOf(1, minutes * MINUTE);
      if (shown.kind !== 'range') throw new Error(`${minutes} min gave ${shown.kind}`);
      expect(shown.fromMinutes).toBeLessThan(minutes);
      expect(shown.toMinutes).toBeGreaterThanOrEqual(minutes);
      expect(shown.toMinutes).toBeGreaterThanOrEqual(previous);
      previous = shown.toMinutes;
    }
  });
});

describe('waitRangeOf with the estimator spread (20th–80th percentile)', () => {
  it.each([
    // people ahead, point, low, high, what the visitor is told
    [4, 25 * MINUTE, 18 * MINUTE, 33 * MINUTE, range(15, 40)],
    [2, 7 * MINUTE, 4 * MINUTE, 12 * MINUTE, range(0, 15)],
    // A spread inside the point's own step changes nothing.
    [6, 42 * MINUTE, 41 * MINUTE, 44 * MINUTE, range(40, 50)],
    // Nobody ahead and every outcome a call now: no wait; a busy window in some outcomes: a short wait.
    [0, 0, 0, 0, { kind: 'no-wait' }],
    [0, 0, 0, 3 * MINUTE, range(0, 5)],
    // The high end past three hours: at least the low end, in whole hours.
    [40, 150 * MINUTE, 130 * MINUTE, 200 * MINUTE, { kind: 'over', minutes: 120 }],
    [40, 200 * MINUTE, 190 * MINUTE, 240 * MINUTE, { kind: 'over', minutes: LONGEST_WAIT_RANGE_MINUTES }],
  ] as const)('%i ahead, %d ms in [%d, %d] → %o', (ahead, point, lowMs, highMs, expected) => {
    expect(waitRangeOf(ahead, point, { lowMs, highMs })).toEqual(expected);
  });

  it('is the single-figure rule when no spread is given', () => {
    expect(waitRangeOf(3, 12 * MINUTE, null)).toEqual(waitRangeOf(3, 12 * MINUTE));
  });
});
