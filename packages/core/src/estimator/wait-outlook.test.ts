import { describe, expect, it } from 'vitest';
import type { Hall } from '../hall.ts';
import type { QueueState } from '../state.ts';
import { cmd, hallFixture, hallWindow, local, MINUTE, ok, service } from '../testing/hall-fixture.ts';
import type { Ticket } from '../ticket.ts';
import { initialQueueState, transition } from '../transition.ts';
import { NO_ARRIVALS } from './coming-arrivals.ts';
import {
  estimateIssued,
  OUTLOOK_REFRESH_MS,
  outlookDue,
  serviceSpreads,
  withFreshOutlook,
} from './issue-estimate.ts';
import type { ServiceTimeModel } from './service-time-model.ts';
import {
  type EstimatorInputs,
  newTicketSpread,
  outlookAfterIssue,
  ticketSpread,
  waitOutlookOf,
} from './wait-outlook.ts';

const dayStart = local('2026-11-30T00:00');
const at = (hhmm: string) => local(`2026-11-30T${hhmm}`);

const oneWindowHall: Hall = hallFixture({
  services: [service({ id: 'social', prefix: 'A', defaultServiceMinutes: 5 })],
  windows: [hallWindow({ id: 'w1', number: 1, serviceIds: ['social'] })],
});

/** Every visit exactly `minutes` long, nothing between visitors, nobody fails to come: a queue with no chance. */
const exact = (minutes: number): ServiceTimeModel => ({
  byService: { social: [minutes * MINUTE] },
  changeoverMs: 0,
  noShowShare: 0,
  noShowMs: 0,
});

function inputs(overrides: Partial<EstimatorInputs> = {}): EstimatorInputs {
  return { dayStart, serviceTimes: exact(5), coming: NO_ARRIVALS, ...overrides };
}

/** A state with `n` normal tickets of `social` waiting, issued a second apart before `now`. */
function queueOf(hall: Hall, n: number, now: number): QueueState {
  let state = initialQueueState(hall, now - n * 1000 - 1000);
  for (let i = 0; i < n; i += 1) state = ok(hall, state, cmd.issue('social'), now - (n - i) * 1000).state;
  return state;
}

const spreadMinutes = (s: { pointMs: number; lowMs: number; highMs: number } | null) =>
  s && { point: s.pointMs / MINUTE, low: s.lowMs / MINUTE, high: s.highMs / MINUTE };

describe('the simulated wait estimate', () => {
  const now = at('10:00');

  it('with no chance at all, is the queue played out: three ahead of five minutes at one window is 15 minutes', () => {
    const state = queueOf(oneWindowHall, 3, now);
    const spread = newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs(), now), 'social');
    expect(spreadMinutes(spread)).toEqual({ point: 15, low: 15, high: 15 });
  });

  it('takes a planned break at the first free moment after it starts, for its length', () => {
    const state = queueOf(oneWindowHall, 3, now);
    const schedule = {
      windows: [
        { windowId: 'w1', open: [{ from: '09:00', to: '17:00' }], breaks: [{ from: '10:07', to: '10:17' }] },
      ],
    };
    // Visitors called at 10:00, 10:05, 10:10; at 10:10 the break is due: 10:10–10:20; the third at 10:20, done 10:25.
    const spread = newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs({ schedule }), now), 'social');
    expect(spreadMinutes(spread)?.point).toBe(25);
  });

  it('does not call before the first shift, nor in a lunch gap the hall is in, but serves through a later one', () => {
    const morning = {
      windows: [
        {
          windowId: 'w1',
          open: [
            { from: '10:30', to: '12:00' },
            { from: '13:30', to: '17:00' },
          ],
          breaks: [],
        },
      ],
    };
    const state = queueOf(oneWindowHall, 2, now);
    // Opens at 10:30; two visitors to 10:40; tickets taken before noon are served even past noon.
    expect(
      spreadMinutes(
        newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs({ schedule: morning }), now), 'social'),
      )?.point,
    ).toBe(40);
    const lunch = at('12:30');
    const atLunch = queueOf(oneWindowHall, 2, lunch);
    expect(
      spreadMinutes(
        newTicketSpread(
          waitOutlookOf(oneWindowHall, atLunch, inputs({ schedule: morning }), lunch),
          'social',
        ),
      )?.point,
    ).toBe(70);
  });

  it('gives a range that holds the point, wider with spread-out service times', () => {
    const state = queueOf(oneWindowHall, 6, now);
    const varied: ServiceTimeModel = {
      ...exact(5),
      byService: { social: [2, 3, 4, 5, 6, 8, 12].map((m) => m * MINUTE) },
    };
    const spread = newTicketSpread(
      waitOutlookOf(oneWindowHall, state, inputs({ serviceTimes: varied }), now),
      'social',
    )!;
    expect(spread.lowMs).toBeLessThan(spread.highMs);
    expect(spread.lowMs).toBeLessThanOrEqual(spread.pointMs);
    expect(spread.pointMs).toBeLessThanOrEqual(spread.highMs);
    // The same state and instant give the same figures (seeded by the instant, not by chance).
    expect(
      newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs({ serviceTimes: varied }), now), 'social'),
    ).toEqual(spread);
  });

  it('counts priority-lane visitors still to come: they are called first', () => {
    const state = queueOf(oneWindowHall, 6, now);
    const calm = newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs(), now), 'social')!;
    const coming = { priorityPerHour: { social: 12 }, lateAppointments: [], until: at('17:00') };
    const busy = newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs({ coming }), now), 'social')!;
    // Six visitors ahead take 30 minutes; about six priority visitors come in that time, each five minutes more.
    expect(busy.pointMs).toBeGreaterThan(calm.pointMs + 10 * MINUTE);
  });

  it("uses a clerk's own durations once there are enough of them", () => {
    let state = queueOf(oneWindowHall, 3, now);
    state = ok(oneWindowHall, state, cmd.signIn('w1', 'slow'), now).state;
    const own = (n: number): ServiceTimeModel => ({
      ...exact(5),
      byClerk: { slow: { social: Array(n).fill(10 * MINUTE) } },
    });
    const wait = (model: ServiceTimeModel) =>
      newTicketSpread(waitOutlookOf(oneWindowHall, state, inputs({ serviceTimes: model }), now), 'social')!
        .pointMs / MINUTE;
    expect(wait(own(29))).toBe(15);
    expect(wait(own(30))).toBe(30);
  });

  it('a priority ticket is simulated in the queue: only priority tickets ahead of it', () => {
    let state = queueOf(oneWindowHall, 4, now);
    const issued = transition(state, cmd.issue('social', { visitorClass: 'priority' }), {
      hall: oneWindowHall,
      now,
    });
    if (!issued.ok) throw new Error('refused');
    state = issued.state;
    const ticket =
      issued.events[0]!.type === 'ticket:issued' ? (issued.events[0] as { ticket: Ticket }).ticket : null;
    expect(spreadMinutes(ticketSpread(oneWindowHall, state, inputs(), now, ticket!))?.point).toBe(0);
  });
});

describe('the estimate on the hot path', () => {
  const twoWindows: Hall = hallFixture({
    services: [
      service({ id: 'social', prefix: 'A', defaultServiceMinutes: 5 }),
      service({ id: 'tax', prefix: 'B', defaultServiceMinutes: 9 }),
    ],
    windows: [
      hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
      hallWindow({ id: 'w2', number: 2, serviceIds: ['tax'] }),
    ],
  });
  const model: ServiceTimeModel = {
    byService: { social: [3, 4, 5, 7, 9].map((m) => m * MINUTE), tax: [6, 9, 14].map((m) => m * MINUTE) },
    changeoverMs: 45_000,
    noShowShare: 0.05,
    noShowMs: 90_000,
  };
  const estimator = inputs({ serviceTimes: model });
  const now = at('10:00');

  it('carries the outlook from issue to issue: the same figures as simulating every state anew with fixed visits', () => {
    const fixed = inputs();
    let state = queueOf(oneWindowHall, 2, now);
    let outlook = waitOutlookOf(oneWindowHall, state, fixed, now);
    for (let i = 0; i < 5; i += 1) {
      const result = transition(state, cmd.issue('social'), { hall: oneWindowHall, now: now + i + 1 });
      if (!result.ok) throw new Error('refused');
      const ticket = (result.events[0] as { ticket: Ticket }).ticket;
      outlook = outlookAfterIssue(outlook, result.state, ticket)!;
      state = result.state;
      expect(newTicketSpread(outlook, 'social', now)).toEqual(
        newTicketSpread(waitOutlookOf(oneWindowHall, state, fixed, now), 'social'),
      );
    }
  });

  it('ticket:issued carries the point and the 20th–80th percentile range, and the state carries the outlook', () => {
    let state = initialQueueState(twoWindows, now - MINUTE);
    for (let i = 0; i < 8; i += 1) {
      const result = transition(state, cmd.issue(i % 3 === 0 ? 'tax' : 'social'), {
        hall: twoWindows,
        now: now + i,
        estimator,
      });
      if (!result.ok) throw new Error('refused');
      const event = result.events[0]!;
      if (event.type !== 'ticket:issued') throw new Error(event.type);
      expect(event.estimatedWaitRange).toBeDefined();
      expect(event.estimatedWaitRange!.lowMs).toBeLessThanOrEqual(event.estimatedWaitMs);
      expect(event.estimatedWaitMs).toBeLessThanOrEqual(event.estimatedWaitRange!.highMs);
      state = result.state;
      expect(state.outlook?.tickets).toBe(state.tickets);
    }
    const figures = serviceSpreads(twoWindows, state, estimator, now + 10);
    expect(figures.get('tax')!.pointMs).toBeGreaterThan(0);
    // Without the estimator's inputs the issue keeps the single figure of wait-estimate.ts.
    const plain = transition(state, cmd.issue('social'), { hall: twoWindows, now: now + 20 });
    expect(
      plain.ok && plain.events[0]!.type === 'ticket:issued' && plain.events[0]!.estimatedWaitRange,
    ).toBeUndefined();
  });

  it('estimateIssued simulates a priority ticket (called first) and still carries the outlook', () => {
    const state = queueOf(oneWindowHall, 3, now);
    const result = transition(state, cmd.issue('social', { visitorClass: 'priority' }), {
      hall: oneWindowHall,
      now,
    });
    if (!result.ok) throw new Error('refused');
    const ticket = (result.events[0] as { ticket: Ticket }).ticket;
    const { spread, outlook } = estimateIssued(oneWindowHall, state, result.state, ticket, inputs(), now);
    expect(spread?.pointMs).toBe(0);
    // Three normal visits and the priority one: a new normal ticket waits 20 minutes.
    expect(outlook?.tickets).toBe(result.state.tickets);
    expect(newTicketSpread(outlook!, 'social', now)?.pointMs).toBe(20 * MINUTE);
  });
});

describe('the outlook refreshed between commands (the hub keeps the queue simulation off the command path)', () => {
  const now = at('10:00');
  const twoWindows: Hall = hallFixture({
    services: [service({ id: 'social', prefix: 'A', defaultServiceMinutes: 5 })],
    windows: [
      hallWindow({ id: 'w1', number: 1, serviceIds: ['social'] }),
      hallWindow({ id: 'w2', number: 2, serviceIds: ['social'] }),
    ],
  });

  it('is due when the state carries none, not once one is attached, and again when it is OUTLOOK_REFRESH_MS old', () => {
    const state = queueOf(twoWindows, 6, now);
    const estimator = inputs();
    expect(outlookDue(twoWindows, state, estimator, now)).toBe(true);
    const fresh = withFreshOutlook(twoWindows, state, estimator, now);
    expect(fresh.tickets).toBe(state.tickets);
    expect(fresh.outlook?.now).toBe(now);
    expect(outlookDue(twoWindows, fresh, estimator, now + OUTLOOK_REFRESH_MS - 1)).toBe(false);
    expect(outlookDue(twoWindows, fresh, estimator, now + OUTLOOK_REFRESH_MS)).toBe(true);
    // Other inputs (a new day's history) or another hall: the outlook no longer fits.
    expect(outlookDue(twoWindows, fresh, inputs(), now + 1)).toBe(true);
  });

  it('rides through calls, starts and finishes, which then simulate nothing: the figures read the carried outlook', () => {
    const estimator = inputs();
    let state = withFreshOutlook(twoWindows, queueOf(twoWindows, 6, now), estimator, now);
    const carried = state.outlook;
    const steps = [cmd.callNext('w1'), cmd.callNext('w2')];
    steps.forEach((command, i) => {
      state = ok(twoWindows, state, command, now + (i + 1) * 1000).state;
      expect(state.outlook).toBe(carried);
      expect(outlookDue(twoWindows, state, estimator, now + (i + 1) * 1000)).toBe(false);
    });
    const later = now + 5000;
    const figures = serviceSpreads(twoWindows, state, estimator, later);
    expect(figures.get('social')).toEqual(newTicketSpread(carried!, 'social', later));
  });

  it('is never due under service-order, where each issue simulates its own ticket', () => {
    const serviceOrder: Hall = { ...twoWindows, rules: { ...twoWindows.rules, callPolicy: 'service-order' } };
    const state = queueOf(serviceOrder, 3, now);
    expect(outlookDue(serviceOrder, state, inputs(), now)).toBe(false);
  });
});

describe('a priority ticket’s estimate', () => {
  const now = at('10:00');
  const twoWindows: Hall = hallFixture({
    services: [
      service({ id: 'social', prefix: 'A', defaultServiceMinutes: 5 }),
      service({ id: 'tax', prefix: 'B', defaultServiceMinutes: 8 }),
    ],
    windows: [
      hallWindow({ id: 'w1', number: 1, serviceIds: ['social'] }),
      hallWindow({ id: 'w2', number: 2, serviceIds: ['social', 'tax'] }),
    ],
  });
  /** Visits that vary (seeded): what a priority ticket's runs draw must not depend on the normal line. */
  const varied: ServiceTimeModel = {
    byService: { social: [3 * MINUTE, 5 * MINUTE, 9 * MINUTE], tax: [6 * MINUTE, 12 * MINUTE] },
    changeoverMs: 20_000,
    noShowShare: 0.1,
    noShowMs: 2 * MINUTE,
  };

  /** Three priority tickets, then `normals` normal ones of both services, then the priority ticket to estimate. */
  function withNormals(normals: number): { state: QueueState; ticket: Ticket } {
    let state = initialQueueState(twoWindows, now - 3_600_000);
    let t = now - 3_000_000;
    const issue = (serviceId: string, visitorClass: 'normal' | 'priority') => {
      t += 1000;
      state = ok(twoWindows, state, cmd.issue(serviceId, { visitorClass }), t).state;
    };
    for (let i = 0; i < 3; i += 1) issue(i % 2 ? 'tax' : 'social', 'priority');
    for (let i = 0; i < normals; i += 1) issue(i % 3 ? 'social' : 'tax', 'normal');
    const result = transition(state, cmd.issue('social', { visitorClass: 'priority' }), {
      hall: twoWindows,
      now,
    });
    if (!result.ok) throw new Error('refused');
    return { state: result.state, ticket: (result.events[0] as { ticket: Ticket }).ticket };
  }

  it('is the priority lane played out: the normal line, however long, does not change it', () => {
    const estimator = inputs({ serviceTimes: varied });
    const alone = withNormals(0);
    const spread = ticketSpread(twoWindows, alone.state, estimator, now, alone.ticket);
    expect(spread).not.toBeNull();
    for (const normals of [5, 400]) {
      const crowded = withNormals(normals);
      expect(ticketSpread(twoWindows, crowded.state, estimator, now, crowded.ticket)).toEqual(spread);
    }
  });

  it('with exact visits, waits for the priority tickets ahead that its windows serve', () => {
    // Two windows free now; priority social, tax, social ahead (5, 8, 5 min): w1 takes social, w2 tax, w1 the
    // second social at 10:05; the new ticket is called at 10:08 by w2 (tax done) — before w1 (10:10).
    const exactBoth: ServiceTimeModel = {
      byService: { social: [5 * MINUTE], tax: [8 * MINUTE] },
      changeoverMs: 0,
      noShowShare: 0,
      noShowMs: 0,
    };
    const { state, ticket } = withNormals(200);
    const spread = ticketSpread(twoWindows, state, inputs({ serviceTimes: exactBoth }), now, ticket);
    expect(spreadMinutes(spread)).toEqual({ point: 8, low: 8, high: 8 });
  });
});
