import type { HallWindow, PlannerDay } from '@hallq/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type PlanJob, runPlanJob } from './plan-job.ts';
import { createPlannerPool, type PlannerPool } from './planner-pool.ts';

const MINUTE = 60_000;

/** A large hall's day: `windows` windows, 9:00–17:00, `perHalfHour` visitors of each of two services every half-hour. */
function hallDay(windows: number, perHalfHour: number): PlannerDay {
  const list: HallWindow[] = Array.from({ length: windows }, (_, i) => ({
    id: `w${i + 1}`,
    number: i + 1,
    name: { zh: `${i + 1}号窗口`, en: `Window ${i + 1}` },
    serviceIds: ['a', 'b'],
    enabled: true,
    zone: '1F',
  }));
  return {
    windows: list,
    callPolicy: 'earliest-first',
    arrivals: {
      startMinute: 9 * 60,
      halfHours: Array.from({ length: 16 }, () => ({ a: perHalfHour, b: perHalfHour })),
    },
    serviceSamplesMs: { a: [4, 5, 6, 8, 12].map((m) => m * MINUTE), b: [2, 3, 3, 4].map((m) => m * MINUTE) },
    priorityShare: 0.05,
    noShowProbability: 0.05,
  };
}

const small: PlanJob = { day: hallDay(4, 5), schedule: undefined, counts: [2, 2, 3], target: undefined };
/** The fewest windows for a 60-window hall: hundreds of simulated days, many seconds of work. */
const large: PlanJob = {
  day: hallDay(60, 140),
  schedule: undefined,
  counts: undefined,
  target: { share: 0.8, maxWaitMinutes: 15 },
};

let pool: PlannerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the planner pool (worker threads)', () => {
  it('answers exactly what the simulation gives in this thread', async () => {
    pool = createPlannerPool();
    const answer = await pool.run(small);
    expect(answer).toEqual({ ok: true, value: runPlanJob(small) });
    // The idle worker is used again.
    expect(await pool.run(small)).toEqual(answer);
  });

  it('runs one plan at a time, lets one wait, and refuses the next with BUSY at once', async () => {
    pool = createPlannerPool({ maxRunning: 1, maxWaiting: 1 });
    const order: string[] = [];
    const first = pool.run(small).then((a) => {
      order.push('first');
      return a;
    });
    const second = pool.run(small).then((a) => {
      order.push('second');
      return a;
    });
    const third = await pool.run(small);
    order.push('third');
    expect(third).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(order).toEqual(['third', 'first', 'second']);
  });

  it('stops a plan that runs past its time with TIMEOUT, and the next plan gets a fresh worker', async () => {
    pool = createPlannerPool({ timeoutMs: 1000 });
    // Warm: the worker has started, so the time limit is spent on the plan itself.
    expect((await pool.run(small)).ok).toBe(true);
    const started = performance.now();
    const stopped = await pool.run(large);
    expect(stopped).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await pool.run(small)).toEqual({ ok: true, value: runPlanJob(small) });
  });

  it('counts a plan’s wait in line against its time: one that waited out its time behind another is not run', async () => {
    pool = createPlannerPool({ maxRunning: 1, maxWaiting: 1, timeoutMs: 1000 });
    expect((await pool.run(small)).ok).toBe(true);
    const [first, second] = await Promise.all([pool.run(large), pool.run(small)]);
    expect(first).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(second).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    // Asked again, it has its whole time.
    expect((await pool.run(small)).ok).toBe(true);
  });

  it('answers the plans still waiting when it closes', async () => {
    pool = createPlannerPool({ maxRunning: 1, maxWaiting: 1 });
    const running = pool.run(large);
    const waiting = pool.run(small);
    await pool.close();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await running).toMatchObject({ ok: false });
  });
});
