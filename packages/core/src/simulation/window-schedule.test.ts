import { describe, expect, it } from 'vitest';
import { nextBreakOf, type WindowSchedule } from './window-schedule.ts';

const schedule: WindowSchedule = {
  windows: [
    {
      windowId: 'w1',
      open: [
        { from: '09:00', to: '12:00' },
        { from: '13:30', to: '17:00' },
      ],
      // Listed out of order on purpose: the next one is found by time, not by position.
      breaks: [
        { from: '15:00', to: '15:15' },
        { from: '10:00', to: '10:15' },
      ],
    },
  ],
};

describe('nextBreakOf', () => {
  it('gives the next break later today, the one under way, and none after the last', () => {
    expect(nextBreakOf(schedule, 'w1', 9 * 60)).toEqual({ from: '10:00', to: '10:15', now: false });
    expect(nextBreakOf(schedule, 'w1', 10 * 60 + 5)).toEqual({ from: '10:00', to: '10:15', now: true });
    expect(nextBreakOf(schedule, 'w1', 10 * 60 + 15)).toEqual({ from: '15:00', to: '15:15', now: false });
    expect(nextBreakOf(schedule, 'w1', 15 * 60 + 15)).toBeNull();
  });

  it('is null for a window the schedule does not list, or a hall without a schedule', () => {
    expect(nextBreakOf(schedule, 'w2', 9 * 60)).toBeNull();
    expect(nextBreakOf(undefined, 'w1', 9 * 60)).toBeNull();
  });
});
