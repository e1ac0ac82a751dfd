import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallPolicy, HallWindow } from '../hall.ts';
import { CountsReplay, type ReplayForecast, replaysOf } from './counts-replay.ts';
import { simulateDay } from './day-simulator.ts';
import { scheduleFromCounts } from './window-schedule.ts';

const MINUTE = 60_000;
const window = (id: string, serviceIds: string[], enabled = true): HallWindow => ({
  id,
  number: Number(id.slice(1)),
  name: { zh: id, en: id },
  serviceIds,
  enabled,
  zone: '1F',
});

/** Five windows (one disabled) over three services, a busy morning, a noon with nobody arriving. */
const forecastOf = (callPolicy: CallPolicy): ReplayForecast => ({
  windows: [
    window('w1', ['a', 'b']),
    window('w2', ['a']),
    window('w9', ['a', 'c'], false),
    window('w3', ['b', 'c', 'a']),
    window('w4', ['c']),
  ],
  callPolicy,
  arrivals: {
    startMinute: 9 * 60,
    halfHours: [
      { a: 8, b: 3, c: 2 },
      { a: 14, b: 5, c: 3 },
      { a: 12, b: 4, c: 4 },
      { a: 0, b: 0, c: 0 },
      { a: 6, b: 2, c: 2 },
      { a: 9, b: 3 },
    ],
  },
  serviceSamplesMs: {
    a: [3, 4, 5, 6, 8].map((m) => m * MINUTE),
    b: [6, 9, 12, 20].map((m) => m * MINUTE),
    c: [2, 2.5, 7].map((m) => m * MINUTE),
  },
  priorityShare: 0.15,
  noShowProbability: 0.08,
  noShowMs: 90_000,
});
const ENABLED = ['w1', 'w2', 'w3', 'w4'];

/** Call times of every visitor by the day simulator itself (NaN: never called). */
function simulatedCalls(forecast: ReplayForecast, counts: readonly number[], seed: number): number[] {
  const schedule = scheduleFromCounts(ENABLED, forecast.arrivals.startMinute, counts);
  return simulateDay({ ...forecast, schedule }, seed).tickets.map((t) => t.calledAt ?? Number.NaN);
}

const countsArbitrary = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 });

describe('CountsReplay', () => {
  it('calls every visitor at the instant the day simulator does, for any counts, both call policies', () => {
    fc.assert(
      fc.property(
        countsArbitrary,
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom<CallPolicy>('earliest-first', 'service-order'),
        (counts, seed, policy) => {
          const forecast = forecastOf(policy);
          const replay = new CountsReplay(forecast, seed, Int32Array.from(counts));
          replay.runThrough(Number.POSITIVE_INFINITY);
          expect([...replay.calledAt]).toEqual(simulatedCalls(forecast, counts, seed));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resumes from a half-hour checkpoint as if it had replayed the new counts from the start', () => {
    fc.assert(
      fc.property(
        countsArbitrary,
        countsArbitrary,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (before, after, from, seed) => {
          const forecast = forecastOf('earliest-first');
          const counts = Int32Array.from(before);
          const replay = new CountsReplay(forecast, seed, counts);
          // The state just before the boundary of half-hour `from`, under the first counts.
          replay.runBefore(9 * 60 * MINUTE + from * 30 * MINUTE);
          const saved = replay.checkpoint();
          replay.runThrough(Number.POSITIVE_INFINITY);
          const mixed = before.map((c, i) => (i < from ? c : after[i]!));
          counts.set(mixed);
          replay.restore(saved);
          replay.runThrough(Number.POSITIVE_INFINITY);
          expect([...replay.calledAt]).toEqual(simulatedCalls(forecast, mixed, seed));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts those called within the limit per half-hour, the uncalled as not within', () => {
    const forecast = forecastOf('earliest-first');
    const counts = Int32Array.from([1, 1, 1, 0, 0, 0]);
    const [replay] = replaysOf(forecast, [7], counts);
    replay!.runThrough(Number.POSITIVE_INFINITY);
    const calls = simulatedCalls(forecast, [...counts], 7);
    const schedule = scheduleFromCounts(ENABLED, 540, [...counts]);
    const tickets = simulateDay({ ...forecast, schedule }, 7).tickets;
    for (let slot = 0; slot < 6; slot += 1) {
      const mine = tickets.filter((t) => Math.floor((t.arrivedAt / MINUTE - 540) / 30) === slot);
      const within = mine.filter((t) => t.calledAt !== null && t.waitMs <= 15 * MINUTE).length;
      expect(replay!.withinLimit(slot, 15 * MINUTE)).toEqual({ arrived: mine.length, within });
    }
    // Nobody is called after noon with no window open, and nobody arrives at noon.
    expect(replay!.withinLimit(3, 15 * MINUTE).arrived).toBe(0);
    expect(calls.filter(Number.isNaN).length).toBeGreaterThan(0);
    expect(replay!.withinLimit(5, 15 * MINUTE).within).toBe(0);
  });
});
