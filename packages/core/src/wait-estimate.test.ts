import { describe, expect, it } from 'vitest';
import type { QueueEvent } from './events.ts';
import type { QueueState } from './state.ts';
import {
  cmd,
  Desk,
  hallFixture,
  hallWindow,
  local,
  MINUTE,
  service,
  ticketOf,
} from './testing/hall-fixture.ts';
import { initialQueueState } from './transition.ts';
import {
  CHANGEOVER_MS,
  EXPECTED_PAUSE_MS,
  estimateWaitMs,
  meanServiceMs,
  peopleAheadInService,
  RECENT_SERVICE_SAMPLES,
  serviceQueueFigures,
  typicalServiceMs,
  windowsServing,
} from './wait-estimate.ts';

const t0 = local('2026-11-28T09:00');
const tax = service({ id: 'tax', prefix: 'B', defaultServiceMinutes: 8 });

describe('typicalServiceMs', () => {
  it('uses the default until three real durations exist', () => {
    expect(typicalServiceMs(tax, undefined)).toBe(8 * MINUTE);
    expect(typicalServiceMs(tax, [])).toBe(8 * MINUTE);
    expect(typicalServiceMs(tax, [MINUTE, 2 * MINUTE])).toBe(8 * MINUTE);
  });

  it('is the median: odd count takes the middle, even count the mean of the two middles', () => {
    expect(typicalServiceMs(tax, [5 * MINUTE, 60 * MINUTE, 3 * MINUTE])).toBe(5 * MINUTE);
    expect(typicalServiceMs(tax, [4 * MINUTE, 1 * MINUTE, 90 * MINUTE, 2 * MINUTE])).toBe(3 * MINUTE);
  });

  it('does not reorder its input', () => {
    const recent = [3, 1, 2];
    typicalServiceMs(tax, recent);
    expect(recent).toEqual([3, 1, 2]);
  });
});

describe('windowsServing', () => {
  const hall = hallFixture({
    windows: [
      hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
      hallWindow({ id: 'w2', number: 2, serviceIds: ['tax'] }),
      hallWindow({ id: 'w3', number: 3, serviceIds: ['tax'], enabled: false }),
      hallWindow({ id: 'w4', number: 4, serviceIds: ['permit'] }),
    ],
  });
  const open = initialQueueState(hall, t0);
  const pause = (state: QueueState, ...ids: string[]): QueueState => ({
    ...state,
    windows: Object.fromEntries(
      Object.entries(state.windows).map(([id, ws]) => [
        id,
        ids.includes(id) ? { ...ws, status: 'paused' } : ws,
      ]),
    ),
  });

  it('counts enabled windows serving the service, not disabled ones', () => {
    expect(windowsServing(hall, open, 'tax')).toBe(2);
    expect(windowsServing(hall, open, 'social')).toBe(1);
  });

  it('leaves out paused windows while another one is open', () => {
    expect(windowsServing(hall, pause(open, 'w2'), 'tax')).toBe(1);
  });

  it('counts the paused windows when all of them are paused (they come back)', () => {
    expect(windowsServing(hall, pause(open, 'w1', 'w2'), 'tax')).toBe(2);
  });

  it('gives one to a service no window serves, so the estimate stays finite', () => {
    const none = hallFixture({ windows: [hallWindow({ id: 'w1', number: 1, serviceIds: ['social'] })] });
    expect(windowsServing(none, initialQueueState(none, t0), 'tax')).toBe(1);
    expect(windowsServing(hall, open, 'unknown')).toBe(1);
  });

  it('treats a window missing from the state as open', () => {
    expect(windowsServing(hall, { ...open, windows: {} }, 'tax')).toBe(2);
  });
});

describe('peopleAheadInService / estimateWaitMs / serviceQueueFigures', () => {
  const hall = hallFixture();
  const tickets = [
    ticketOf({ number: 'B001', serviceId: 'tax', issuedAt: t0 }),
    ticketOf({ number: 'B002', serviceId: 'tax', issuedAt: t0 + MINUTE, visitorClass: 'priority' }),
    ticketOf({ number: 'B003', serviceId: 'tax', issuedAt: t0 + 2 * MINUTE, queuedAt: t0 - 5 * MINUTE }),
    ticketOf({ number: 'B004', serviceId: 'tax', status: 'called', windowId: 'w2' }),
    ticketOf({ number: 'C001', serviceId: 'permit', issuedAt: t0 + 3 * MINUTE }),
  ];
  const state: QueueState = {
    ...initialQueueState(hall, t0),
    tickets: new Map(tickets.map((t) => [t.id, t])),
  };

  it('counts waiting tickets of the service; the priority lane only counts priority tickets ahead', () => {
    expect(peopleAheadInService(state, 'tax', 'normal')).toBe(3);
    expect(peopleAheadInService(state, 'tax', 'priority')).toBe(1);
    expect(peopleAheadInService(state, 'permit', 'normal')).toBe(1);
    expect(peopleAheadInService(state, 'social', 'normal')).toBe(0);
  });

  it('gives per-service figures in hall order, each the estimate for a new ticket behind everyone waiting', () => {
    for (const callPolicy of ['earliest-first', 'service-order'] as const) {
      const h = { ...hall, rules: { ...hall.rules, callPolicy } };
      const figures = serviceQueueFigures(h, state);
      expect(figures.map((f) => [f.serviceId, f.waiting, f.longestWaitingSince])).toEqual([
        ['social', 0, null],
        ['tax', 3, t0 - 5 * MINUTE],
        ['permit', 1, t0 + 3 * MINUTE],
      ]);
      for (const f of figures) {
        const s = h.services.find((x) => x.id === f.serviceId)!;
        expect(f.estimatedWaitMs).toBe(estimateWaitMs(h, state, s, f.waiting));
      }
    }
  });
});

describe('estimateWaitMs plays the queue forward', () => {
  const CYCLE = 10 * MINUTE + CHANGEOVER_MS; // default service time of the fixture + changeover
  const oneLine = (windows: number, serviceIds: string[] = ['tax']) =>
    hallFixture({
      windows: Array.from({ length: windows }, (_, i) =>
        hallWindow({ id: `w${i + 1}`, number: i + 1, serviceIds }),
      ),
    });
  const estimateOf = (events: readonly QueueEvent[]) => {
    const issued = events[0];
    if (issued?.type !== 'ticket:issued') throw new Error('no ticket:issued');
    return issued.estimatedWaitMs;
  };

  it('one idle window: each person ahead takes a cycle (service time and changeover)', () => {
    const desk = new Desk(oneLine(1), t0);
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(0);
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(CYCLE);
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(2 * CYCLE);
  });

  it('windows share the line', () => {
    const desk = new Desk(oneLine(2), t0);
    for (let i = 0; i < 3; i += 1) desk.issue('tax');
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(CYCLE);
  });

  it('a window serving two lines spends its time on the earlier tickets of the other line too', () => {
    const desk = new Desk(oneLine(1, ['social', 'tax']), t0);
    desk.issue('social');
    desk.issue('social');
    const events = desk.run(cmd.issue('tax'));
    expect(events[0]).toMatchObject({ peopleAhead: 0 });
    expect(estimateOf(events)).toBe(2 * CYCLE);
  });

  it('a visitor at the window: the window is free after the rest of their cycle', () => {
    const desk = new Desk(oneLine(1), t0);
    desk.issue('tax');
    desk.callNext('w1');
    desk.run(cmd.start('w1'));
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(CYCLE);
  });

  it('a paused window is expected back EXPECTED_PAUSE_MS after it paused', () => {
    const desk = new Desk(oneLine(1), t0);
    desk.run({ type: 'window:pause', windowId: 'w1', reason: 'break', note: null });
    expect(estimateOf(desk.run(cmd.issue('tax')))).toBe(EXPECTED_PAUSE_MS);
  });

  it('the priority lane is ahead of the normal line', () => {
    const desk = new Desk(oneLine(1), t0);
    desk.issue('tax');
    desk.callNext('w1');
    desk.issue('tax');
    desk.issue('tax');
    const events = desk.run(cmd.issue('tax', { visitorClass: 'priority' }));
    expect(events[0]).toMatchObject({ peopleAhead: 0 });
    expect(estimateOf(events)).toBe(CYCLE);
  });

  it('a service no enabled window serves gets a finite, long estimate', () => {
    const hall = oneLine(1, ['social']);
    const taxService = hall.services.find((s) => s.id === 'tax')!;
    const desk = new Desk(hall, t0);
    desk.issue('tax');
    desk.issue('tax');
    expect(estimateWaitMs(hall, desk.state, taxService, 2)).toBe(2 * CYCLE);
  });
});

describe('meanServiceMs', () => {
  it('uses the default until three real durations exist, then the mean', () => {
    expect(meanServiceMs(tax, [MINUTE, 2 * MINUTE])).toBe(8 * MINUTE);
    expect(meanServiceMs(tax, [MINUTE, 2 * MINUTE, 6 * MINUTE])).toBe(3 * MINUTE);
  });

  it('leaves out the longest and the shortest from five durations on', () => {
    expect(meanServiceMs(tax, [MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 100 * MINUTE])).toBe(3 * MINUTE);
  });
});

describe('the estimate learns from finished tickets', () => {
  it('records each service duration and keeps the last RECENT_SERVICE_SAMPLES', () => {
    const desk = new Desk(hallFixture(), t0);
    for (let i = 0; i < RECENT_SERVICE_SAMPLES + 5; i += 1) {
      desk.issue('permit', { visitorKey: null });
      desk.callNext('w4');
      desk.later(MINUTE).run(cmd.start('w4'));
      desk.later((i + 1) * MINUTE).run(cmd.finish('w4'));
    }
    const recent = desk.state.recentServiceMs.permit ?? [];
    expect(recent).toHaveLength(RECENT_SERVICE_SAMPLES);
    expect(recent[0]).toBe(6 * MINUTE);
    expect(recent.at(-1)).toBe((RECENT_SERVICE_SAMPLES + 5) * MINUTE);
  });

  it('tells the visitor the people ahead and the estimate when the ticket is issued', () => {
    const desk = new Desk(hallFixture(), t0);
    desk.issue('tax');
    desk.issue('tax');
    const events = desk.run(cmd.issue('tax'));
    // w1 and w2 serve tax: they call the two ahead at once, then one of them calls this ticket a cycle later.
    expect(events[0]).toMatchObject({
      type: 'ticket:issued',
      peopleAhead: 2,
      estimatedWaitMs: 10 * MINUTE + CHANGEOVER_MS,
    });
    const priority = desk.run(cmd.issue('tax', { visitorClass: 'priority' }));
    expect(priority[0]).toMatchObject({ peopleAhead: 0, estimatedWaitMs: 0 });
  });
});
