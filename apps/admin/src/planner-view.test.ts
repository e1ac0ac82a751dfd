import type { PlannerAnswer } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { changeCount, dayAfter, halfHourText, totalsOf, waitText } from './planner-view.ts';

describe('the planner page helpers', () => {
  it('names half-hours, waits and the next day', () => {
    expect(halfHourText(540)).toBe('09:00–09:30');
    expect(halfHourText(1410)).toBe('23:30–24:00');
    expect(waitText(null)).toBe('—');
    expect(waitText(7.4 * 60_000)).toBe('7');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
  });

  it('keeps a changed count within the windows the hall has', () => {
    expect(changeCount([2, 3], 1, 9, 4)).toEqual([2, 4]);
    expect(changeCount([2, 3], 0, -1, 4)).toEqual([0, 3]);
    expect(changeCount([2, 3], 0, Number.NaN, 4)).toEqual([0, 3]);
  });

  it('totals the arrivals and the window-hours of a plan', () => {
    const plan = {
      halfHours: [
        { startMinute: 540, arrivals: 10.4, planned: 2, windows: 2, medianWaitMs: 0, p80WaitMs: 0 },
        { startMinute: 570, arrivals: 20.3, planned: 3, windows: 3, medianWaitMs: 0, p80WaitMs: 0 },
      ],
    } as PlannerAnswer;
    expect(totalsOf(plan, [2, 3])).toEqual({ arrivals: 31, windowHours: 2.5 });
  });
});
