import { describe, expect, it } from 'vitest';
import type { HallWindow } from '../hall.ts';
import { simulateDay } from './day-simulator.ts';
import { fewestWindowsPerHalfHour, type StaffingForecast } from './staffing-plan.ts';
import { scheduleFromCounts } from './window-schedule.ts';

const MINUTE = 60_000;
const window = (id: string, serviceIds: string[]): HallWindow => ({
  id,
  number: Number(id.slice(1)),
  name: { zh: id, en: id },
  serviceIds,
  enabled: true,
  zone: '1F',
});

/** A small hall: four windows serving both services, a morning peak at 9:30–10:30, a quiet noon. */
const forecast: StaffingForecast = {
  windows: ['w1', 'w2', 'w3', 'w4'].map((id) => window(id, ['a', 'b'])),
  callPolicy: 'earliest-first',
  arrivals: {
    startMinute: 9 * 60,
    halfHours: [
      { a: 6, b: 2 },
      { a: 12, b: 4 },
      { a: 12, b: 4 },
      { a: 8, b: 3 },
      { a: 2, b: 1 },
      { a: 0, b: 0 },
    ],
  },
  serviceSamplesMs: { a: [3, 4, 5, 6].map((m) => m * MINUTE), b: [6, 8, 10].map((m) => m * MINUTE) },
  priorityShare: 0.05,
  noShowProbability: 0.05,
};
const target = { share: 0.8, maxWaitMinutes: 15 };
const SEEDS = [1, 2, 3, 4, 5, 6];

/** Per half-hour share of arrivals called within 15 minutes, recomputed here from the simulator alone. */
function sharesOf(counts: readonly number[]): number[] {
  const schedule = scheduleFromCounts(['w1', 'w2', 'w3', 'w4'], 9 * 60, counts);
  const arrived = counts.map(() => 0);
  const within = counts.map(() => 0);
  for (const seed of SEEDS) {
    for (const t of simulateDay({ ...forecast, schedule }, seed).tickets) {
      const slot = Math.floor((t.arrivedAt / MINUTE - 9 * 60) / 30);
      arrived[slot]! += 1;
      if (t.outcome !== 'left-at-close' && t.waitMs <= 15 * MINUTE) within[slot]! += 1;
    }
  }
  return arrived.map((n, i) => (n === 0 ? 1 : within[i]! / n));
}

describe('fewestWindowsPerHalfHour', () => {
  const plan = fewestWindowsPerHalfHour(forecast, target, SEEDS);

  it('meets the target in every half-hour, checked again on the simulator', () => {
    expect(plan.met).toEqual([true, true, true, true, true, true]);
    for (const share of sharesOf(plan.counts)) expect(share).toBeGreaterThanOrEqual(0.8);
  });

  it('opens no window it could do without: one fewer anywhere misses the target somewhere', () => {
    plan.counts.forEach((count, i) => {
      if (count === 0) return;
      const fewer = plan.counts.map((c, j) => (j === i ? c - 1 : c));
      expect(sharesOf(fewer).some((s) => s < 0.8)).toBe(true);
    });
    expect(plan.counts[5]).toBe(0); // nobody arrives in the last half-hour
  });

  it('staffs the peak more than the quiet hours, and reports Erlang C beside it', () => {
    expect(plan.counts[1]!).toBeGreaterThan(plan.counts[4]!);
    expect(plan.erlangC).toHaveLength(6);
    expect(plan.erlangC[5]).toBe(0);
    expect(plan.erlangC[1]!).toBeGreaterThan(0);
    expect(plan.erlangC.every((c) => c <= 4)).toBe(true);
    expect(plan.daysSimulated).toBeGreaterThan(0);
  });

  it('is the same plan for the same seeds, and says when even every window is not enough', () => {
    expect(fewestWindowsPerHalfHour(forecast, target, SEEDS)).toEqual(plan);
    const flood = fewestWindowsPerHalfHour(
      { ...forecast, arrivals: { startMinute: 540, halfHours: [{ a: 80, b: 0 }] } },
      target,
      [1, 2],
    );
    expect(flood.counts).toEqual([4]);
    expect(flood.met).toEqual([false]);
  });

  it('rejects an impossible target', () => {
    expect(() => fewestWindowsPerHalfHour(forecast, { share: 1, maxWaitMinutes: 15 })).toThrow(/share/);
    expect(() => fewestWindowsPerHalfHour(forecast, { share: 0.8, maxWaitMinutes: 0 })).toThrow(/wait/);
    expect(() => fewestWindowsPerHalfHour(forecast, target, [])).toThrow(/seed/);
  });
});
