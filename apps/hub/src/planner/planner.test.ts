import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '../testing/test-hub.ts';

const MINUTE = 60_000;
let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

async function signedIn(username: string, role: 'clerk' | 'supervisor' | 'admin'): Promise<TestClient> {
  await hub.addUser(username, role);
  const client = await hub.connect();
  const login = await client.call('session:login', { username, password: TEST_PASSWORD, windowId: null });
  if (!login.ok) throw new Error(login.error.message);
  await client.nextSnapshot();
  return client;
}

/** `perHalfHour` served visitors of svc-1 in each half-hour from 9:00 to 10:00 of a past day (Asia/Shanghai). */
function history(day: string, perHalfHour: number): void {
  const insert = hub.db.prepare(
    `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
       queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
     VALUES (?, ?, ?, 'svc-1', 'svc-1', 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
  );
  const nine = Date.parse(`${day}T09:00:00+08:00`);
  for (let i = 0; i < perHalfHour * 2; i += 1) {
    const issued = nine + (i * 30 * MINUTE) / perHalfHour;
    const called = issued + 2 * MINUTE;
    insert.run(
      `${day}/A${i}`,
      `A${i}`,
      day,
      issued,
      issued,
      called,
      called,
      called + 30_000,
      called + 30_000 + 6 * MINUTE,
    );
  }
}

describe('planner:plan (排班建议)', () => {
  it('forecasts from the same weekday, predicts waits for the planned windows and for changed ones, and suggests the fewest', async () => {
    hub = await startTestHub();
    // Two Mondays before 2026-11-30: 10 and 14 visitors per half-hour; a Sunday between is not the same weekday.
    history('2026-11-23', 10);
    history('2026-11-16', 14);
    history('2026-11-29', 40);
    const admin = await signedIn('planner', 'admin');
    const answer = await admin.call('planner:plan', { day: '2026-11-30', weeks: 2, growth: 1.5 });
    if (!answer.ok) throw new Error(answer.error.message);
    const plan = answer.data;
    expect(plan.historyDays).toEqual(['2026-11-16', '2026-11-23']);
    expect(plan.halfHours.map((h) => h.startMinute)).toEqual([540, 570]);
    // (10 + 14) / 2 × 1.5
    expect(plan.halfHours.map((h) => h.arrivals)).toEqual([18, 18]);
    // The test hall has no schedule: every window is planned open.
    expect(plan.halfHours.map((h) => h.planned)).toEqual([plan.windowsAvailable, plan.windowsAvailable]);

    const one = await admin.call('planner:plan', {
      day: '2026-11-30',
      weeks: 2,
      growth: 1.5,
      counts: [1, 1],
    });
    if (!one.ok) throw new Error(one.error.message);
    expect(one.data.halfHours.map((h) => h.windows)).toEqual([1, 1]);
    expect(one.data.halfHours[1]!.medianWaitMs!).toBeGreaterThan(plan.halfHours[1]!.medianWaitMs ?? 0);

    const suggested = await admin.call('planner:plan', {
      day: '2026-11-30',
      weeks: 2,
      growth: 1.5,
      target: { share: 0.8, maxWaitMinutes: 15 },
    });
    if (!suggested.ok) throw new Error(suggested.error.message);
    expect(suggested.data.suggestion?.met).toEqual([true, true]);
    expect(suggested.data.suggestion!.counts.every((c) => c >= 1 && c <= plan.windowsAvailable)).toBe(true);
  });

  it('is refused to a clerk', async () => {
    hub = await startTestHub();
    const clerk = await signedIn('clerk', 'clerk');
    const answer = await clerk.call('planner:plan', { day: '2026-11-30' });
    expect(answer.ok).toBe(false);
  });

  it('simulates off the main thread: a queue command sent after a long plan is answered before it', async () => {
    // A busy day: 10 windows, 9:00–17:00, 30 visitors every half-hour on the same weekday last week (about a second of
    // simulation for the fewest windows).
    hub = await startTestHub({ hall: testHall({ windows: 10 }) });
    const insert = hub.db.prepare(
      `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
         queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
       VALUES (?, ?, '2026-11-23', ?, ?, 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
    );
    const nine = Date.parse('2026-11-23T09:00:00+08:00');
    for (let i = 0; i < 16 * 30; i += 1) {
      const issued = nine + i * 60_000;
      const service = `svc-${(i % 3) + 1}`;
      const called = issued + 4 * MINUTE;
      insert.run(
        `X${i}`,
        `X${i}`,
        service,
        service,
        issued,
        issued,
        called,
        called,
        called,
        called + (4 + (i % 7)) * MINUTE,
      );
    }
    const admin = await signedIn('planner', 'admin');
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const query = { day: '2026-11-30', weeks: 1 } as const;
    // The worker is started by a first plan, so what follows races the simulation itself, not a thread's start.
    expect((await admin.call('planner:plan', query)).ok).toBe(true);

    const answered: string[] = [];
    const sent = performance.now();
    const plan = admin
      .call('planner:plan', { ...query, target: { share: 0.8, maxWaitMinutes: 15 } })
      .then((a) => {
        answered.push('planner:plan');
        return { answer: a, ms: performance.now() - sent };
      });
    const issue = kiosk
      .call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity: null })
      .then((a) => {
        answered.push('ticket:issue');
        return { answer: a, ms: performance.now() - sent };
      });
    const [planned, issued] = await Promise.all([plan, issue]);
    expect(issued.answer.ok).toBe(true);
    expect(planned.answer.ok).toBe(true);
    if (planned.answer.ok) expect(planned.answer.data.suggestion?.counts).toHaveLength(16);
    // Run on the main thread, the plan would be answered first: the ticket's message would wait behind it.
    expect(answered).toEqual(['ticket:issue', 'planner:plan']);
    console.info(
      `ticket answered in ${issued.ms.toFixed(0)} ms while the plan took ${planned.ms.toFixed(0)} ms`,
    );
  });
});
