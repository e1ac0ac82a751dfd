import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HallWindow } from '../hall.ts';
import { PlanTrials } from './plan-trials.ts';
import type { StaffingForecast } from './staffing-plan.ts';

const MINUTE = 60_000;
const window = (id: string, serviceIds: string[]): HallWindow => ({
  id,
  number: Number(id.slice(1)),
  name: { zh: id, en: id },
  serviceIds,
  enabled: true,
  zone: '1F',
});
const forecast: StaffingForecast = {
  windows: [window('w1', ['a', 'b']), window('w2', ['a']), window('w3', ['b', 'a'])],
  callPolicy: 'earliest-first',
  arrivals: {
    startMinute: 9 * 60,
    halfHours: [{ a: 6, b: 2 }, { a: 12, b: 4 }, { a: 10, b: 3 }, { a: 0 }, { a: 5, b: 2 }],
  },
  serviceSamplesMs: { a: [3, 4, 5, 6].map((m) => m * MINUTE), b: [6, 8, 10].map((m) => m * MINUTE) },
  priorityShare: 0.1,
  noShowProbability: 0.05,
};
const plan = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 });

describe('PlanTrials', () => {
  it('judges a trial resumed from checkpoints exactly as a replay of the whole day would, whatever was committed before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plan, fc.boolean()), { minLength: 1, maxLength: 8 }), (steps) => {
        const trials = new PlanTrials(forecast, [1, 2], [3, 3, 3, 3, 3], 15 * MINUTE);
        for (const [trial, commit] of steps) {
          const resumed = trials.judge(trial, 0, 4).shares;
          expect(trials.judge(trial, 0, 4, () => true, true).shares).toEqual(resumed);
          if (commit) trials.commit(trial);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('stops at the first half-hour refused, and refuses counts the hall cannot open', () => {
    const trials = new PlanTrials(forecast, [1, 2], [3, 3, 3, 3, 3], 15 * MINUTE);
    const { shares, accepted } = trials.judge([0, 0, 0, 0, 0], 0, 4, (slot) => slot < 1);
    expect(accepted).toBe(false);
    expect(shares[1]).toBe(0);
    expect(shares.slice(2).every(Number.isNaN)).toBe(true);
    expect(() => trials.judge([4, 3, 3, 3, 3], 0, 4)).toThrow(/0…3/);
    expect(() => trials.commit([-1, 3, 3, 3, 3])).toThrow(/0…3/);
    expect(trials.halfHoursReplayed).toBeGreaterThan(0);
  });
});
