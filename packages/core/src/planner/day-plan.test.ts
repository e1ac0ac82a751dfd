import { describe, expect, it } from 'vitest';
import type { HallWindow } from '../hall.ts';
import { type PlannerDay, plannedCounts, predictDay, suggestCounts } from './day-plan.ts';

const MINUTE = 60_000;
const windows: HallWindow[] = ['w1', 'w2', 'w3', 'w4'].map((id, i) => ({
  id,
  number: i + 1,
  name: { zh: id, en: id },
  serviceIds: ['social'],
  enabled: true,
  zone: '1F',
}));

/** 9:00–11:00 in four half-hours: quiet, busy, busy, quiet; five-minute visits. */
const day: PlannerDay = {
  windows,
  callPolicy: 'earliest-first',
  arrivals: { startMinute: 540, halfHours: [{ social: 6 }, { social: 20 }, { social: 20 }, { social: 6 }] },
  serviceSamplesMs: { social: [4, 5, 6].map((m) => m * MINUTE) },
  priorityShare: 0.05,
  noShowProbability: 0.03,
};

describe('the staffing planner', () => {
  it('reads the windows planned per half-hour from the schedule, breaks counted by the time they take', () => {
    const schedule = {
      windows: [
        { windowId: 'w1', open: [{ from: '09:00', to: '11:00' }], breaks: [] },
        { windowId: 'w2', open: [{ from: '09:30', to: '11:00' }], breaks: [{ from: '10:00', to: '10:30' }] },
      ],
    };
    expect(plannedCounts(day, schedule)).toEqual([1, 2, 1, 2]);
    expect(plannedCounts(day, undefined)).toEqual([4, 4, 4, 4]);
  });

  it('predicts longer waits with fewer windows, and the same prediction for the same plan', () => {
    const few = predictDay(day, [1, 1, 1, 1]);
    const many = predictDay(day, [2, 4, 4, 2]);
    expect(few.map((h) => h.windows)).toEqual([1, 1, 1, 1]);
    expect(few[2]!.medianWaitMs!).toBeGreaterThan(many[2]!.medianWaitMs!);
    expect(few[1]!.arrivals).toBe(20);
    expect(predictDay(day, [2, 4, 4, 2])).toEqual(many);
  });

  it('suggests the fewest windows that keep 80% within 15 minutes', () => {
    const { plan, halfHours } = suggestCounts(day, { share: 0.8, maxWaitMinutes: 15 });
    expect(plan.met.every(Boolean)).toBe(true);
    // Busy half-hours need more windows than quiet ones, and no half-hour needs every window.
    expect(plan.counts[1]!).toBeGreaterThan(plan.counts[0]!);
    expect(halfHours.map((h) => h.windows)).toEqual(plan.counts);
  });
});
