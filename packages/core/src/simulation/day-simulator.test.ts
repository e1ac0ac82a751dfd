import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageSpeedOfAnswer, probabilityOfWaiting, trafficErlangs } from '../erlang-c.ts';
import type { HallWindow } from '../hall.ts';
import { type DaySimulationInput, percentileOf, type SimulatedDay, simulateDay } from './day-simulator.ts';
import { seededRandom } from './seeded-random.ts';
import { scheduleFromCounts, type WindowSchedule, workingSpans } from './window-schedule.ts';

const MINUTE = 60_000;
const window = (id: string, serviceIds: string[]): HallWindow => ({
  id,
  number: Number(id.slice(1)),
  name: { zh: id, en: id },
  serviceIds,
  enabled: true,
  zone: '1F',
});
const allDay = (ids: string[], from = '08:00', to = '24:00'): WindowSchedule => ({
  windows: ids.map((windowId) => ({ windowId, open: [{ from, to }], breaks: [] })),
});
/** Exponential service times with the given mean, as an empirical sample of `n` draws. */
const exponentialSamples = (meanMs: number, n: number, seed: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Math.max(1, Math.round(random.exponential(meanMs))));
};
const flat = (perHalfHour: Record<string, number>, halfHours: number) =>
  Array.from({ length: halfHours }, () => perHalfHour);

/** A small hall: two services, three windows (one shared), a lunch break at window 1, 9:00–17:00 arrivals. */
const smallHall: DaySimulationInput = {
  windows: [window('w1', ['a', 'b']), window('w2', ['a']), window('w3', ['b', 'a'])],
  callPolicy: 'earliest-first',
  schedule: {
    windows: [
      { windowId: 'w1', open: [{ from: '09:00', to: '17:30' }], breaks: [{ from: '12:00', to: '12:45' }] },
      {
        windowId: 'w2',
        open: [
          { from: '09:00', to: '12:00' },
          { from: '13:00', to: '17:30' },
        ],
        breaks: [],
      },
      { windowId: 'w3', open: [{ from: '09:00', to: '17:30' }], breaks: [{ from: '10:30', to: '10:45' }] },
    ],
  },
  arrivals: { startMinute: 9 * 60, halfHours: flat({ a: 9, b: 4 }, 16) },
  serviceSamplesMs: { a: [3, 4, 5, 6, 8].map((m) => m * MINUTE), b: [6, 9, 12, 20].map((m) => m * MINUTE) },
  priorityShare: 0.1,
  noShowProbability: 0.05,
};

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describe('simulateDay', () => {
  it('replays the same day for the same seed, and another day for another seed', () => {
    expect(simulateDay(smallHall, 11)).toEqual(simulateDay(smallHall, 11));
    expect(simulateDay(smallHall, 11).tickets).not.toEqual(simulateDay(smallHall, 12).tickets);
  });

  it('accounts for every arrival: served, no-show or left at close, and each half-hour adds up', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const day = simulateDay(smallHall, seed);
      const byOutcome = (o: string) => day.tickets.filter((t) => t.outcome === o).length;
      expect(byOutcome('served') + byOutcome('no-show') + byOutcome('left-at-close')).toBe(
        day.tickets.length,
      );
      expect(day.halfHours.reduce((s, h) => s + h.arrivals, 0)).toBe(day.tickets.length);
      expect(day.halfHours.reduce((s, h) => s + h.served, 0)).toBe(byOutcome('served'));
      expect(day.halfHours.reduce((s, h) => s + h.noShows, 0)).toBe(byOutcome('no-show'));
      expect(day.tickets.length).toBeGreaterThan(100);
    }
  });

  it('calls only at open windows, one visitor at a time, priority lane first', () => {
    const day = simulateDay({ ...smallHall, priorityShare: 0.3 }, 21);
    const spans = new Map(
      smallHall.schedule.windows.map((s) => [
        s.windowId,
        workingSpans(s).map((m) => ({ from: m.from * MINUTE, to: m.to * MINUTE })),
      ]),
    );
    for (const w of smallHall.windows) {
      const calls = day.tickets.filter((t) => t.windowId === w.id).sort((a, b) => a.calledAt! - b.calledAt!);
      for (const t of calls) {
        expect(spans.get(w.id)!.some((s) => s.from <= t.calledAt! && t.calledAt! < s.to)).toBe(true);
        expect(w.serviceIds).toContain(t.serviceId);
      }
      for (let i = 1; i < calls.length; i += 1)
        expect(calls[i]!.calledAt!).toBeGreaterThanOrEqual(calls[i - 1]!.endedAt!);
      // No normal visitor called while a priority visitor this window serves had arrived and still waited.
      for (const t of calls.filter((c) => c.visitorClass === 'normal')) {
        const skipped = day.tickets.find(
          (p) =>
            p.visitorClass === 'priority' &&
            w.serviceIds.includes(p.serviceId) &&
            p.arrivedAt <= t.calledAt! &&
            (p.calledAt === null || p.calledAt > t.calledAt!),
        );
        expect(skipped).toBeUndefined();
      }
    }
  });

  it('leaves at close whoever no window called, with the wait they had by then', () => {
    const short: DaySimulationInput = { ...smallHall, schedule: allDay(['w1'], '09:00', '10:00') };
    const day = simulateDay(short, 3);
    const left = day.tickets.filter((t) => t.outcome === 'left-at-close');
    expect(left.length).toBeGreaterThan(50);
    expect(day.closedAt).toBeGreaterThanOrEqual(10 * 60 * MINUTE);
    for (const t of left) expect(t.waitMs).toBe(Math.max(0, day.closedAt - t.arrivedAt));
  });

  it('counts a 15-minute break as half a window open in its half-hour', () => {
    const day = simulateDay(smallHall, 1);
    const at = (hhmm: number) => day.halfHours.find((h) => h.startMinute === hhmm)!;
    expect(at(9 * 60).windowsOpen).toBe(3);
    expect(at(10 * 60 + 30).windowsOpen).toBe(2.5); // w3's break 10:30–10:45
    expect(at(12 * 60).windowsOpen).toBe(1); // w1 on break till 12:45, w2 away till 13:00
    expect(at(12 * 60 + 30).windowsOpen).toBe(1.5); // w1 back for the last 15 minutes
  });

  it('agrees with queueing theory on one window and one service (M/G/1, Pollaczek–Khinchine)', () => {
    // 15 arrivals per half-hour (0.5 a minute), exponential service of mean 1.5 min: utilisation 0.75.
    const samples = exponentialSamples(1.5 * MINUTE, 4000, 99);
    const es = mean(samples);
    const es2 = mean(samples.map((s) => s * s));
    const lambda = 15 / (30 * MINUTE);
    const rho = lambda * es;
    const theoryWait = (lambda * es2) / (2 * (1 - rho));
    const input: DaySimulationInput = {
      windows: [window('w1', ['a'])],
      callPolicy: 'earliest-first',
      schedule: allDay(['w1'], '00:00', '24:00'),
      arrivals: { startMinute: 0, halfHours: flat({ a: 15 }, 40) },
      serviceSamplesMs: { a: samples },
      priorityShare: 0,
      noShowProbability: 0,
    };
    const waits: number[] = [];
    let waited = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      for (const t of simulateDay(input, seed).tickets) {
        waits.push(t.waitMs);
        if (t.waitMs > 0) waited += 1;
      }
    }
    expect(mean(waits) / theoryWait).toBeGreaterThan(0.9);
    expect(mean(waits) / theoryWait).toBeLessThan(1.1);
    expect(waited / waits.length).toBeCloseTo(rho, 1);
  });

  it('never makes the median wait longer with one more window (over seeds)', () => {
    const input = (windows: number): DaySimulationInput => {
      const ids = Array.from({ length: windows }, (_, i) => `w${i + 1}`);
      return {
        windows: ids.map((id) => window(id, ['a', 'b'])),
        callPolicy: 'earliest-first',
        schedule: allDay(ids, '09:00', '17:00'),
        arrivals: { startMinute: 9 * 60, halfHours: flat({ a: 10, b: 5 }, 14) },
        serviceSamplesMs: smallHall.serviceSamplesMs,
        priorityShare: 0,
        noShowProbability: 0.05,
      };
    };
    const median = (day: SimulatedDay) =>
      percentileOf(
        day.tickets.map((t) => t.waitMs).sort((a, b) => a - b),
        0.5,
      )!;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 5 }),
        (seed, windows) => {
          expect(median(simulateDay(input(windows + 1), seed))).toBeLessThanOrEqual(
            median(simulateDay(input(windows), seed)),
          );
        },
      ),
      { numRuns: 40, seed: 17 },
    );
  });

  it('matches Erlang C on a steady pooled case, and waits at least as long when windows are split', () => {
    // 50 arrivals per half-hour, 3-minute exponential service: 5 Erlangs on 6 windows.
    const samples = exponentialSamples(3 * MINUTE, 4000, 5);
    const handlingSeconds = mean(samples) / 1000;
    const load = { arrivals: 50, periodSeconds: 1800, handlingSeconds };
    const ids = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
    const pooled: DaySimulationInput = {
      windows: ids.map((id) => window(id, ['a', 'b'])),
      callPolicy: 'earliest-first',
      schedule: allDay(ids, '00:00', '24:00'),
      arrivals: { startMinute: 0, halfHours: flat({ a: 25, b: 25 }, 44) },
      serviceSamplesMs: { a: samples, b: samples },
      priorityShare: 0,
      noShowProbability: 0,
    };
    const split: DaySimulationInput = {
      ...pooled,
      windows: ids.map((id, i) => window(id, [i < 3 ? 'a' : 'b'])),
    };
    const figures = (input: DaySimulationInput) => {
      const waits = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) =>
        simulateDay(input, seed).tickets.map((t) => t.waitMs),
      );
      return { waiting: waits.filter((w) => w > 0).length / waits.length, asaSeconds: mean(waits) / 1000 };
    };
    const erlangWaiting = probabilityOfWaiting(trafficErlangs(load), 6);
    const erlangAsa = averageSpeedOfAnswer(load, 6);
    const p = figures(pooled);
    expect(Math.abs(p.waiting - erlangWaiting)).toBeLessThan(0.05);
    expect(p.asaSeconds / erlangAsa).toBeGreaterThan(0.8);
    expect(p.asaSeconds / erlangAsa).toBeLessThan(1.2);
    const s = figures(split);
    expect(s.waiting).toBeGreaterThan(erlangWaiting);
    expect(s.asaSeconds).toBeGreaterThan(erlangAsa);
  });

  it('follows a schedule built from window counts per half-hour', () => {
    const schedule = scheduleFromCounts(['w1', 'w2', 'w3'], 9 * 60, [1, 3, 3, 2, 0, 1]);
    expect(schedule.windows).toEqual([
      {
        windowId: 'w1',
        open: [
          { from: '09:00', to: '11:00' },
          { from: '11:30', to: '12:00' },
        ],
        breaks: [],
      },
      { windowId: 'w2', open: [{ from: '09:30', to: '11:00' }], breaks: [] },
      { windowId: 'w3', open: [{ from: '09:30', to: '10:30' }], breaks: [] },
    ]);
    expect(() => scheduleFromCounts(['w1'], 540, [2])).toThrow(/window count/);
  });

  it('rejects impossible input with a clear error', () => {
    expect(() => simulateDay({ ...smallHall, priorityShare: 1.5 }, 1)).toThrow(/priority share/);
    expect(() => simulateDay({ ...smallHall, serviceSamplesMs: { a: [MINUTE] } }, 1)).toThrow(
      /no service times for b/,
    );
    expect(() => simulateDay({ ...smallHall, serviceSamplesMs: { a: [0], b: [MINUTE] } }, 1)).toThrow(
      /> 0 ms/,
    );
    expect(() =>
      simulateDay({ ...smallHall, arrivals: { startMinute: 540, halfHours: [{ a: -1 }] } }, 1),
    ).toThrow(/expected arrivals/);
  });
});
