import { describe, expect, it } from 'vitest';
import { arrivalForecastFrom, type PastDay, sameWeekdayBefore } from './arrival-history.ts';
import { simulateDay } from './day-simulator.ts';
import { medianWaitError, predictedHalfHours } from './prediction.ts';

describe('arrivals from history', () => {
  it('picks the same weekday in each of the weeks before, across a month and a year end', () => {
    expect(sameWeekdayBefore('2026-12-07', 3)).toEqual(['2026-11-30', '2026-11-23', '2026-11-16']);
    expect(sameWeekdayBefore('2027-01-05', 1)).toEqual(['2026-12-29']);
    expect(() => sameWeekdayBefore('7 Dec', 2)).toThrow(/business day/);
    expect(() => sameWeekdayBefore('2026-12-07', 0)).toThrow(/weeks/);
  });

  it('averages arrivals per service per half-hour over the days, with growth, leaving out what falls outside', () => {
    const days: PastDay[] = [
      {
        businessDay: '2026-11-30',
        arrivals: [
          { serviceId: 'a', minuteOfDay: 540 },
          { serviceId: 'a', minuteOfDay: 569 },
          { serviceId: 'b', minuteOfDay: 570 },
          { serviceId: 'a', minuteOfDay: 480 }, // before 9:00: left out
        ],
      },
      { businessDay: '2026-11-23', arrivals: [{ serviceId: 'a', minuteOfDay: 545 }] },
    ];
    expect(arrivalForecastFrom(days, { startMinute: 540, halfHours: 2, growth: 1.1 })).toEqual({
      startMinute: 540,
      halfHours: [
        { a: 1.5 * 1.1, b: 0 },
        { a: 0, b: 0.5 * 1.1 },
      ],
    });
    expect(() => arrivalForecastFrom([], { startMinute: 540, halfHours: 2, growth: 1 })).toThrow(/past day/);
    expect(() => arrivalForecastFrom(days, { startMinute: 540, halfHours: 2, growth: -1 })).toThrow(/growth/);
  });
});

describe('prediction and its validation figure', () => {
  const input = {
    windows: [
      { id: 'w1', number: 1, name: { zh: '1', en: '1' }, serviceIds: ['a'], enabled: true, zone: '1F' },
    ],
    callPolicy: 'earliest-first' as const,
    schedule: { windows: [{ windowId: 'w1', open: [{ from: '09:00', to: '11:00' }], breaks: [] }] },
    arrivals: { startMinute: 540, halfHours: [{ a: 8 }, { a: 8 }, { a: 2 }] },
    serviceSamplesMs: { a: [180_000, 240_000] },
    priorityShare: 0,
    noShowProbability: 0,
  };

  it('pools waits over the seeds per half-hour', () => {
    const days = [1, 2, 3].map((seed) => simulateDay(input, seed));
    const predicted = predictedHalfHours(days);
    expect(predicted[0]!.startMinute).toBe(540);
    const firstSlot = days
      .flatMap((d) => d.tickets.filter((t) => t.arrivedAt < 570 * 60_000))
      .map((t) => t.waitMs)
      .sort((a, b) => a - b);
    expect(predicted[0]!.medianWaitMs).toBe(firstSlot[Math.ceil(firstSlot.length / 2) - 1]);
    expect(predicted[0]!.arrivals).toBeCloseTo(firstSlot.length / 3, 9);
    expect(predicted[0]!.windowsOpen).toBe(1);
  });

  it('compares predicted and real medians where both have visitors', () => {
    const error = medianWaitError(
      [
        { startMinute: 540, medianWaitMs: 60_000 },
        { startMinute: 570, medianWaitMs: 300_000 },
        { startMinute: 600, medianWaitMs: null },
      ],
      [
        { startMinute: 540, medianWaitMs: 120_000 },
        { startMinute: 570, medianWaitMs: 200_000 },
        { startMinute: 600, medianWaitMs: 50_000 },
      ],
    );
    expect(error).toEqual({ halfHours: 2, meanAbsoluteErrorMs: 80_000, worstMs: 100_000 });
    expect(medianWaitError([], [])).toEqual({ halfHours: 0, meanAbsoluteErrorMs: null, worstMs: null });
  });
});
