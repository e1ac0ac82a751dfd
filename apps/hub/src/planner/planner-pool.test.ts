import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from '../db/open-database.ts';
import { testHall } from '../testing/test-hall.ts';
import { type PlanJob, runPlanJob } from './plan-job.ts';
import { createPlannerPool, type PlannerPool } from './planner-pool.ts';

const MINUTE = 60_000;
let dir: string;
let db: HubDatabase;
let small: PlanJob;
let large: PlanJob;

/** A Monday of a large hall's history: `perHalfHour` visitors of ten services every half-hour, all day and night. */
function pastDay(day: string, perHalfHour: number): void {
  const insert = db.prepare(
    `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
       queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
     VALUES (?, ?, ?, ?, ?, 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
  );
  const midnight = Date.parse(`${day}T00:00:00+08:00`);
  const count = 48 * perHalfHour;
  for (let i = 0; i < count; i += 1) {
    const at = midnight + Math.floor((i * 24 * 60 * MINUTE) / count);
    const service = `svc-${(i % 10) + 1}`;
    const called = at + 5 * MINUTE;
    insert.run(
      `${day}/${i}`,
      `N${i}`,
      day,
      service,
      service,
      at,
      at,
      called,
      called,
      called,
      called + (3 + (i % 9)) * MINUTE,
    );
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-planner-pool-'));
  db = openDatabase(join(dir, 'hallq.db'));
  db.transaction(() => {
    for (const day of ['2026-11-09', '2026-11-16', '2026-11-23']) pastDay(day, 150);
  })();
  const file = join(dir, 'hallq.db');
  small = { dbFile: file, hall: testHall({ windows: 4 }), query: { day: '2026-12-01', counts: [2, 2, 3] } };
  // The fewest windows for a 60-window hall on a Monday five times as busy, round the clock (36,000 visitors, a
  // queue that never ends): seconds of work (2.5–6 s on the 2-core hall PC, by its load), well past the tests' 1 s limit.
  large = {
    dbFile: file,
    hall: testHall({ windows: 60, services: 10 }),
    query: { day: '2026-11-30', weeks: 3, growth: 5, target: { share: 0.8, maxWaitMinutes: 15 } },
  };
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let pool: PlannerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the planner pool (worker threads)', () => {
  it('answers exactly what the same plan gives in this thread, reading the history through its own connection', async () => {
    pool = createPlannerPool();
    const answer = await pool.run(small);
    expect(answer).toEqual({ ok: true, value: runPlanJob(db, small) });
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
    expect(await pool.run(small)).toEqual({ ok: true, value: runPlanJob(db, small) });
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
