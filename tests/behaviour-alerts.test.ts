import { randomUUID } from 'node:crypto';
import {
  HALL_MORNING,
  startTestHub,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
  testHall,
} from '@hallq/hub/testing';
import type { AlertView, BehaviourThresholds, HallConfig } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Each behaviour rule (行为监控) raised end to end: a real hub with a manual clock, clerks, a kiosk and pads as
 * socket clients sending real commands; the alert is read from the live supervision view, and its audit links
 * are opened through the admin's audit query, which must give back the very acts that raised it.
 */
const SEC = 1000;
const MIN = 60_000;
/** 07:00 in Shanghai on the test day (HALL_MORNING is 10:00). */
const EARLY = HALL_MORNING - 3 * 60 * MIN;

function hallWith(behaviour: BehaviourThresholds, rules: Partial<HallConfig['rules']> = {}): HallConfig {
  const base = testHall({ services: 2, windows: 2, openingHours: [{ from: '09:00', to: '17:00' }] });
  // No-shows allowed at once (a clerk marking a streak of them is what one rule looks for).
  return {
    ...base,
    rules: { ...base.rules, noShowMinCalls: 1, noShowMinWaitSeconds: 0, ...rules, behaviour },
  };
}

interface Hall {
  readonly hub: TestHub;
  readonly kiosk: TestClient;
  readonly admin: TestClient;
  issue(count: number, serviceId?: string): Promise<string[]>;
  clerkId(username: string): string;
  /** Runs the supervision rules now and gives the open alerts of one rule. */
  alerts(rule: AlertView['rule']): AlertView[];
  /** The audit entries an alert links to, through the admin console's own query. */
  entriesOf(alert: AlertView): Promise<{ id: number; type: string; actorId: string | null }[]>;
}

let open: TestHub | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function hallAt(start: number, hall: HallConfig): Promise<Hall> {
  const hub = await startTestHub({ hall, start });
  open = hub;
  const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  await hub.addUser('admin1', 'admin');
  const admin = await hub.connect();
  const login = await admin.call('session:login', {
    username: 'admin1',
    password: TEST_PASSWORD,
    windowId: null,
  });
  if (!login.ok) throw new Error(login.error.message);
  return {
    hub,
    kiosk,
    admin,
    async issue(count, serviceId = 'svc-1') {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const answer = await kiosk.call('ticket:issue', {
          requestId: randomUUID(),
          serviceId,
          identity: null,
        });
        if (!answer.ok) throw new Error(answer.error.message);
        ids.push(answer.data.ticket.id);
      }
      return ids;
    },
    clerkId: (username) => hub.hub.accounts.users().find((u) => u.username === username)!.id,
    alerts: (rule) =>
      hub.hub.supervision.check().alerts.filter((a) => a.rule === rule && a.clearedAt === null),
    async entriesOf(alert) {
      const answer = await admin.call('audit:query', {
        type: null,
        actorId: null,
        fromAt: null,
        toAt: null,
        beforeId: null,
        limit: 500,
        ids: alert.entryIds,
      });
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.data.entries.map((e) => ({ id: e.id, type: e.type, actorId: e.actorId })).reverse();
    },
  };
}

/** Call, start, wait, finish: one visitor served at a window, `serviceMs` long. Returns the ticket id. */
async function serve(hall: Hall, clerk: TestClient, windowId: string, serviceMs: number): Promise<string> {
  const called = await clerk.call('window:call-next', { windowId });
  if (!called.ok) throw new Error(called.error.message);
  await clerk.call('window:start', { windowId });
  hall.hub.clock.advance(serviceMs);
  const finished = await clerk.call('window:finish', { windowId });
  if (!finished.ok) throw new Error(finished.error.message);
  return called.data.ticket!.id;
}

async function rate(pad: TestClient, ticketId: string, level: number): Promise<void> {
  const answer = await pad.call('rating:submit', { ticketId, level: level as 1, tags: [], comment: '' });
  if (!answer.ok) throw new Error(answer.error.message);
}

describe('behaviour alerts from real commands', () => {
  it('跳号: a clerk calling out of order more often than the hall allows in a day', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ outOfOrderCallsPerDay: 2 }));
    const tickets = await hall.issue(6);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (const ticketId of tickets.slice(3).reverse()) {
      hall.hub.clock.advance(MIN);
      const called = await clerk.call('window:call-ticket', { windowId: 'w1', ticketId, reason: '熟人' });
      expect(called.ok).toBe(true);
      await clerk.call('window:start', { windowId: 'w1' });
      hall.hub.clock.advance(5 * MIN);
      await clerk.call('window:finish', { windowId: 'w1' });
      if (ticketId !== tickets[3]) expect(hall.alerts('out-of-order-calls')).toEqual([]);
    }
    const [alert] = hall.alerts('out-of-order-calls');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 3 });
    const entries = await hall.entriesOf(alert!);
    expect(entries.map((e) => [e.type, e.actorId])).toEqual(
      Array(3).fill(['ticket:called', hall.clerkId('clerk1')]),
    );
  });

  it('跳号: the same visitor called out of order a second time', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({}));
    const [, , favoured] = await hall.issue(3);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    await clerk.call('window:call-ticket', { windowId: 'w1', ticketId: favoured!, reason: '材料补正' });
    // Sent on to another service, and fetched back ahead of the line again.
    const sent = await clerk.call('window:transfer', {
      windowId: 'w1',
      to: { kind: 'service', serviceId: 'svc-2' },
      note: '',
      keepPlace: true,
    });
    expect(sent.ok).toBe(true);
    expect(hall.alerts('repeat-out-of-order')).toEqual([]);
    hall.hub.clock.advance(2 * MIN);
    await clerk.call('window:call-ticket', { windowId: 'w1', ticketId: favoured!, reason: '熟人' });
    const [alert] = hall.alerts('repeat-out-of-order');
    expect(alert).toMatchObject({ severity: 'critical', subject: `clerk:${hall.clerkId('clerk1')}` });
    expect((await hall.entriesOf(alert!)).map((e) => e.type)).toEqual(['ticket:called', 'ticket:called']);
  });

  it('跳号: the same person, by ID card, called out of order again on another ticket', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({}));
    const identity = {
      idNumber: '11010519491231002X',
      name: '王䶮',
      birthDate: '1949-12-31',
      cardType: 'resident' as const,
    };
    await hall.issue(2, 'svc-1');
    await hall.issue(2, 'svc-2');
    const mine: string[] = [];
    for (const serviceId of ['svc-1', 'svc-2']) {
      const issued = await hall.kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId, identity });
      if (!issued.ok) throw new Error(issued.error.message);
      mine.push(issued.data.ticket.id);
    }
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (const ticketId of mine) {
      await clerk.call('window:call-ticket', { windowId: 'w1', ticketId, reason: '材料齐全' });
      await clerk.call('window:start', { windowId: 'w1' });
      hall.hub.clock.advance(5 * MIN);
      await clerk.call('window:finish', { windowId: 'w1' });
    }
    const [alert] = hall.alerts('repeat-out-of-order');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 2 });
    expect(alert!.message.zh).toContain('同一办事人');
    // The person is recognised by a keyed hash of the ID number; neither the number nor the name is shown.
    expect(JSON.stringify(alert)).not.toMatch(/11010519491231002X|王䶮/);
  });

  it('离岗: a window signed in and not paused, idle while visitors wait for it', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ awayIdleMinutes: 10 }));
    await hall.hub.clerkAt('w1', 'clerk1');
    await hall.issue(1);
    hall.hub.clock.advance(10 * MIN);
    expect(hall.alerts('away-from-window')).toEqual([]);
    hall.hub.clock.advance(SEC);
    const [alert] = hall.alerts('away-from-window');
    // The clerk's: it counts on their scorecard (and, by its key, on the window's).
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}` });
    expect(alert!.message.zh).toMatch(/^clerk1（\d+） 1号窗口已签到未暂停，空闲 10 分钟/);
    // The ticket whose arrival began the idle stretch.
    expect((await hall.entriesOf(alert!)).map((e) => e.type)).toEqual(['ticket:issued']);
    // On the month's scorecard: the clerk's, and the window's.
    const card = await hall.admin.call('scorecard:query', { month: '2026-11' });
    if (!card.ok) throw new Error(card.error.message);
    const away = [{ rule: 'away-from-window', count: 1 }];
    expect(card.data.byClerk.find((r) => r.key === hall.clerkId('clerk1'))?.alerts).toEqual(away);
    // (the window also has supervision's own idle alert, at 5 minutes)
    expect(card.data.byWindow.find((r) => r.key === 'w1')?.alerts).toEqual([
      ...away,
      { rule: 'window-idle-with-waiting', count: 1 },
    ]);
  });

  it('离岗 is not raised for a paused window', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ awayIdleMinutes: 10 }));
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    await clerk.call('window:pause', { windowId: 'w1', reason: 'meeting', note: null });
    await hall.issue(1);
    hall.hub.clock.advance(30 * MIN);
    expect(hall.alerts('away-from-window')).toEqual([]);
  });

  it('异常办理: services far shorter than their typical time, again and again', async () => {
    // No history yet: the typical time is the hall's own figure for the service (5 minutes); 20% is 1 minute.
    const hall = await hallAt(HALL_MORNING, hallWith({ shortServicesPerDay: 3 }));
    await hall.issue(4);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    await serve(hall, clerk, 'w1', 4 * MIN); // an ordinary one
    for (let i = 0; i < 3; i += 1) await serve(hall, clerk, 'w1', 20 * SEC);
    const [alert] = hall.alerts('short-services');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 3 });
    expect((await hall.entriesOf(alert!)).map((e) => e.type)).toEqual(Array(3).fill('ticket:finished'));
  });

  it('异常办理: no-shows marked in a streak', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ noShowStreak: 4 }));
    await hall.issue(5);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (let i = 0; i < 4; i += 1) {
      await clerk.call('window:call-next', { windowId: 'w1' });
      hall.hub.clock.advance(20 * SEC);
      const marked = await clerk.call('window:no-show', { windowId: 'w1' });
      expect(marked.ok).toBe(true);
    }
    const [alert] = hall.alerts('no-show-streak');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 4 });
    expect((await hall.entriesOf(alert!)).map((e) => e.type)).toEqual(Array(4).fill('ticket:no-show'));
  });

  it('评价异常: ratings on one pad faster than any visitor could give them', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ ratingMinGapSeconds: 5, fastRatingsPerDay: 3 }));
    const pad = await hall.hub.connect({ deviceToken: hall.hub.addDevice('pad', 'w1').token });
    await hall.issue(4);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (let i = 0; i < 4; i += 1) {
      // Served in a second each, rated at once: four ratings within a few seconds of each other.
      await rate(pad, await serve(hall, clerk, 'w1', SEC), 5);
    }
    const [alert] = hall.alerts('rating-pace');
    expect(alert).toMatchObject({ severity: 'critical' });
    expect(alert!.subject).toMatch(/^pad:/);
    const entries = await hall.entriesOf(alert!);
    expect(entries.map((e) => e.type)).toEqual(Array(4).fill('rating:recorded'));
  });

  it('评价异常: every rating of a clerk given within a second of 办结', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ ratingInstantMinCount: 5, off: ['rating-pace'] }));
    const pad = await hall.hub.connect({ deviceToken: hall.hub.addDevice('pad', 'w1').token });
    await hall.issue(5);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (let i = 0; i < 5; i += 1) {
      const ticketId = await serve(hall, clerk, 'w1', 4 * MIN);
      hall.hub.clock.advance(500);
      await rate(pad, ticketId, 5);
      if (i < 4) expect(hall.alerts('rating-instant')).toEqual([]);
    }
    const [alert] = hall.alerts('rating-instant');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 5 });
  });

  it('评价异常: a clerk whose ratings jump once another pad rates them', async () => {
    const hall = await hallAt(
      HALL_MORNING,
      hallWith({ ratingJumpMinCount: 3, ratingJumpLevels: 1.5, off: ['rating-pace', 'short-services'] }),
    );
    const first = await hall.hub.connect({ deviceToken: hall.hub.addDevice('pad', 'w1').token });
    const second = await hall.hub.connect({ deviceToken: hall.hub.addDevice('pad', 'w1').token });
    await hall.issue(6);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    const rated: number[] = [];
    for (const [pad, level] of [
      [first, 3],
      [first, 3],
      [first, 2],
      [second, 5],
      [second, 5],
      [second, 4],
    ] as const) {
      const ticketId = await serve(hall, clerk, 'w1', 3 * MIN);
      hall.hub.clock.advance(20 * SEC);
      await rate(pad, ticketId, level);
      rated.push(hall.hub.hub.hall.log.lastId());
    }
    const [alert] = hall.alerts('rating-jump');
    expect(alert).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryIds: rated.slice(3) });
    expect(alert!.message.zh).toContain('2.67 升至 4.67');
  });

  it('after hours: a clerk signing in before the hall opens, and calling after it closed', async () => {
    const hall = await hallAt(EARLY, hallWith({ afterHoursGraceMinutes: 30 }));
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    const [early] = hall.alerts('after-hours');
    expect(early).toMatchObject({ subject: `clerk:${hall.clerkId('clerk1')}`, entryCount: 1 });
    expect(early!.message.zh).toContain('签到 1 次');
    // 16:50: a visitor just in time; 17:45, past the half hour of grace, the clerk still calls.
    hall.hub.clock.set(EARLY + (9 * 60 + 50) * MIN);
    await hall.issue(1);
    hall.hub.clock.set(EARLY + (10 * 60 + 45) * MIN);
    await clerk.call('window:call-next', { windowId: 'w1' });
    const [alert] = hall.alerts('after-hours');
    expect((await hall.entriesOf(alert!)).map((e) => e.type)).toEqual(['window:signed-in', 'ticket:called']);
  });

  it('a behaviour alert is audited with the entries that raised it, and grows with them', async () => {
    const hall = await hallAt(HALL_MORNING, hallWith({ noShowStreak: 2 }));
    await hall.issue(3);
    const clerk = await hall.hub.clerkAt('w1', 'clerk1');
    for (let i = 0; i < 3; i += 1) {
      await clerk.call('window:call-next', { windowId: 'w1' });
      await clerk.call('window:no-show', { windowId: 'w1' });
      hall.hub.hub.supervision.check();
    }
    const [alert] = hall.alerts('no-show-streak');
    expect(alert!.entryCount).toBe(3);
    const raised = await hall.admin.call('audit:query', {
      type: 'alert:raised',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(raised.ok && raised.data.entries.map((e) => JSON.parse(e.summary))).toEqual([
      expect.objectContaining({ rule: 'no-show-streak', entryIds: alert!.entryIds.slice(0, 2) }),
    ]);
  });
});
