import { afterEach, describe, expect, it } from 'vitest';
import { HALL_MORNING, startTestHub, type TestHub } from '../testing/test-hub.ts';
import {
  MIN_HISTORY_TICKETS,
  type PastTicket,
  priorityPerHourOf,
  serviceTimeModelOf,
} from './history-model.ts';

const MINUTE = 60_000;

/** `n` served visitors of one day at one window, back to back: call, a 30 s walk, `minutes` of service, 10 s wrap-up. */
function servedDay(
  day: string,
  start: number,
  n: number,
  minutes: number,
  clerkId: string | null = null,
): PastTicket[] {
  const out: PastTicket[] = [];
  let at = start;
  for (let i = 0; i < n; i += 1) {
    const startedAt = at + 30_000;
    const endedAt = startedAt + minutes * MINUTE;
    out.push({
      serviceId: 'svc-1',
      clerkId,
      windowId: 'w1',
      priority: i % 10 === 0,
      noShow: false,
      businessDay: day,
      issuedAt: at - 5_000,
      firstCalledAt: at,
      lastCalledAt: at,
      startedAt,
      endedAt,
    });
    at = endedAt + 10_000;
  }
  return out;
}

describe('the estimator’s history model', () => {
  it('learns durations, the changeover (walk + wrap-up) and the priority rate; nothing from too short a history', () => {
    const tickets = servedDay('2026-11-27', HALL_MORNING - 86_400_000, 60, 6, 'c1');
    const model = serviceTimeModelOf(tickets)!;
    expect(model.byService['svc-1']).toHaveLength(60);
    expect(model.byService['svc-1']![0]).toBe(6 * MINUTE);
    expect(model.byClerk?.c1?.['svc-1']).toHaveLength(60);
    expect(model.changeoverMs).toBe(40_000);
    expect(model.noShowShare).toBe(0);
    expect(model.idleCallMs).toBe(5_000);
    // Six priority visitors in the 59 gaps of 6 min 40 s the day lasted.
    expect(priorityPerHourOf(tickets)['svc-1']).toBeCloseTo(6 / ((59 * 400_000) / 3_600_000), 6);
    expect(serviceTimeModelOf(tickets.slice(0, MIN_HISTORY_TICKETS - 1))).toBeNull();
  });
});

/** Yesterday's 80 served visitors of svc-1 in the hub's database: enough history for the estimator. */
function seedServedDay(hub: TestHub): void {
  const insert = hub.db.prepare(
    `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
       queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
     VALUES (?, ?, ?, 'svc-1', 'svc-1', ?, 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
  );
  servedDay('2026-11-27', HALL_MORNING - 86_400_000, 80, 6).forEach((t, i) => {
    insert.run(
      `2026-11-27/A${i}`,
      `A${i}`,
      t.businessDay,
      t.priority ? 'priority' : 'normal',
      t.issuedAt,
      t.issuedAt,
      t.firstCalledAt,
      t.lastCalledAt,
      t.startedAt,
      t.endedAt,
    );
  });
}

describe('the hub with history', () => {
  let hub: TestHub | null = null;
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });

  it('gives the issued ticket and the tiles the simulated estimate and its range; without history, the single figure', async () => {
    hub = await startTestHub();
    const fresh = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await fresh.nextSnapshot();
    const before = await fresh.call('ticket:issue', {
      requestId: 'fresh-request-1',
      serviceId: 'svc-1',
      identity: null,
    });
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data.estimatedWaitRange).toBeUndefined();
    await hub.close();

    hub = await startTestHub();
    seedServedDay(hub);
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await kiosk.nextSnapshot();
    let last = null;
    for (let i = 0; i < 6; i += 1) {
      const answer = await kiosk.call('ticket:issue', {
        requestId: `history-request-${i}`,
        serviceId: 'svc-1',
        identity: null,
      });
      if (!answer.ok) throw new Error(answer.error.message);
      last = answer.data;
    }
    expect(last?.estimatedWaitRange).toBeDefined();
    expect(last!.estimatedWaitRange!.lowMs).toBeLessThanOrEqual(last!.estimatedWaitMs);
    expect(last!.estimatedWaitRange!.highMs).toBeGreaterThanOrEqual(last!.estimatedWaitMs);
    const update = await kiosk.waitForUpdate((u) =>
      u.figures.some((f) => f.serviceId === 'svc-1' && f.waiting === 6),
    );
    const figures = update.figures.find((f) => f.serviceId === 'svc-1')!;
    expect(figures.estimatedWaitRange).toBeDefined();
    expect(figures.estimatedWaitMs).toBeGreaterThan(0);
  });

  it('keeps the queue simulation off the command path: refreshed between commands, carried through a call', async () => {
    hub = await startTestHub();
    seedServedDay(hub);
    const hall = hub.hub.hall;
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await kiosk.nextSnapshot();
    for (let i = 0; i < 4; i += 1) {
      const answer = await kiosk.call('ticket:issue', {
        requestId: `off-path-${i}`,
        serviceId: 'svc-1',
        identity: null,
      });
      if (!answer.ok) throw new Error(answer.error.message);
    }
    // The batch's refresh runs after the answers (setImmediate): by the next turn the state carries an outlook.
    await new Promise((resolve) => setImmediate(resolve));
    const carried = hall.state().outlook;
    expect(carried?.tickets).toBe(hall.state().tickets);
    const clerk = await hub.clerkAt('w1');
    hub.clock.advance(5_000);
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    if (!called.ok) throw new Error(called.error.message);
    await new Promise((resolve) => setImmediate(resolve));
    // A call rides on the outlook (not due yet): the same simulation, not a new one.
    expect(hall.state().outlook).toBe(carried);
    // 20 s on, the tick's refresh simulates the queue as it is now.
    hub.clock.advance(20_000);
    hall.refreshOutlook();
    const refreshed = hall.state().outlook;
    expect(refreshed).not.toBe(carried);
    expect(refreshed?.now).toBe(hub.clock.now());
    expect(refreshed?.tickets).toBe(hall.state().tickets);
  });
});
