import { describe, expect, it } from 'vitest';
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
  estimateWaitMs,
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

  it('shares the people ahead over the windows, each taking the typical time', () => {
    const taxService = hall.services.find((s) => s.id === 'tax')!;
    // tax is served by w1 and w2, default 10 minutes each
    expect(estimateWaitMs(hall, state, taxService, 3)).toBe(15 * MINUTE);
    expect(estimateWaitMs(hall, state, taxService, 0)).toBe(0);
    const withHistory = { ...state, recentServiceMs: { tax: [4 * MINUTE, 4 * MINUTE, 4 * MINUTE] } };
    expect(estimateWaitMs(hall, withHistory, taxService, 3)).toBe(6 * MINUTE);
    // rounded to whole milliseconds
    const odd = { ...state, recentServiceMs: { tax: [1, 1, 1] } };
    expect(estimateWaitMs(hall, odd, taxService, 3)).toBe(2);
  });

  it('gives per-service figures in hall order', () => {
    expect(serviceQueueFigures(hall, state)).toEqual([
      { serviceId: 'social', waiting: 0, estimatedWaitMs: 0, longestWaitingSince: null },
      { serviceId: 'tax', waiting: 3, estimatedWaitMs: 15 * MINUTE, longestWaitingSince: t0 - 5 * MINUTE },
      // permit: w3 and w4
      { serviceId: 'permit', waiting: 1, estimatedWaitMs: 5 * MINUTE, longestWaitingSince: t0 + 3 * MINUTE },
    ]);
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
    expect(events[0]).toMatchObject({ type: 'ticket:issued', peopleAhead: 2, estimatedWaitMs: 10 * MINUTE });
    const priority = desk.run(cmd.issue('tax', { visitorClass: 'priority' }));
    expect(priority[0]).toMatchObject({ peopleAhead: 0, estimatedWaitMs: 0 });
  });
});
