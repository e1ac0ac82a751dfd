import {
  type HallChange,
  HallChange as HallChangeSchema,
  type HallChangeType,
  HallUpdate,
} from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { applyHallUpdate, RECENT_CALLS_LIMIT } from './apply-hall-update.ts';
import {
  callAnnouncement,
  hallSnapshot,
  sampleHall,
  serviceFigures,
  T0,
  ticketView,
  windowState,
} from './testing/hall-fixtures.ts';

const update = (change: HallChange, seq = 1) =>
  HallUpdate.parse({
    seq,
    epoch: 'epoch-1',
    at: T0 + seq * 1000,
    change,
    figures: [serviceFigures({ waiting: seq })],
  });

const waiting = ticketView({ id: 't1', status: 'waiting' });
const other = ticketView({ id: 't2', number: 'A002', status: 'waiting' });
const called = ticketView({ id: 't1', status: 'called', windowId: 'w1', callCount: 1, firstCalledAt: T0 });
const busyW1 = windowState({ windowId: 'w1', currentTicketId: 't1', clerkId: 'c1' });
const idleW1 = windowState({ windowId: 'w1', clerkId: 'c1' });
const base = hallSnapshot({ tickets: [waiting, other] });

describe('applyHallUpdate', () => {
  it('always moves seq, serverTime and figures to the update', () => {
    const next = applyHallUpdate(
      base,
      update({ type: 'rating:recorded', ticketId: 't1', windowId: 'w1' }, 7),
    );
    expect(next.seq).toBe(7);
    expect(next.serverTime).toBe(T0 + 7000);
    expect(next.figures).toEqual([serviceFigures({ waiting: 7 })]);
  });

  it('does not mutate its input', () => {
    const frozen = structuredClone(base);
    applyHallUpdate(
      base,
      update({
        type: 'ticket:called',
        ticket: called,
        window: busyW1,
        call: callAnnouncement(),
        outOfOrderReason: null,
      }),
    );
    expect(base).toEqual(frozen);
  });

  it('ticket:issued appends a new ticket', () => {
    const t3 = ticketView({ id: 't3', number: 'A003' });
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:issued', ticket: t3, peopleAhead: 2, estimatedWaitMs: 0 }),
    );
    expect(next.tickets).toEqual([waiting, other, t3]);
  });

  it('ticket:issued for a ticket already in the view replaces it in place', () => {
    const again = { ...waiting, visitorName: '张*三' };
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:issued', ticket: again, peopleAhead: 0, estimatedWaitMs: 0 }),
    );
    expect(next.tickets).toEqual([again, other]);
  });

  it('ticket:called replaces the ticket and window and prepends the call', () => {
    const call = callAnnouncement();
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:called', ticket: called, window: busyW1, call, outOfOrderReason: null }),
    );
    expect(next.tickets).toEqual([called, other]);
    expect(next.windows.find((w) => w.windowId === 'w1')).toEqual(busyW1);
    expect(next.windows).toHaveLength(2);
    expect(next.recentCalls).toEqual([call]);
  });

  it('ticket:recalled prepends the recall before earlier calls', () => {
    const first = callAnnouncement();
    const recall = callAnnouncement({ callCount: 2, recall: true, calledAt: T0 + 60_000 });
    const view = hallSnapshot({ tickets: [called], windows: [busyW1], recentCalls: [first] });
    const recalled = { ...called, callCount: 2 };
    const next = applyHallUpdate(
      view,
      update({ type: 'ticket:recalled', ticket: recalled, window: busyW1, call: recall }),
    );
    expect(next.recentCalls).toEqual([recall, first]);
    expect(next.tickets).toEqual([recalled]);
  });

  it(`keeps only the last ${RECENT_CALLS_LIMIT} calls`, () => {
    const calls = Array.from({ length: RECENT_CALLS_LIMIT }, (_, i) =>
      callAnnouncement({ ticketId: `old${i}` }),
    );
    const view = hallSnapshot({ recentCalls: calls });
    const call = callAnnouncement({ ticketId: 't1' });
    const next = applyHallUpdate(
      view,
      update({ type: 'ticket:called', ticket: called, window: busyW1, call, outOfOrderReason: 'VIP' }),
    );
    expect(next.recentCalls).toHaveLength(RECENT_CALLS_LIMIT);
    expect(next.recentCalls[0]).toEqual(call);
    expect(next.recentCalls.at(-1)?.ticketId).toBe(`old${RECENT_CALLS_LIMIT - 2}`);
  });

  it('ticket:started keeps the serving ticket and replaces the window', () => {
    const serving = { ...called, status: 'serving' as const, startedAt: T0 + 1 };
    const next = applyHallUpdate(
      hallSnapshot({ tickets: [called] }),
      update({ type: 'ticket:started', ticket: serving, window: busyW1 }),
    );
    expect(next.tickets).toEqual([serving]);
    expect(next.windows[0]).toEqual(busyW1);
    expect(next.recentCalls).toEqual([]);
  });

  it.each([
    ['ticket:finished', 'done'],
    ['ticket:no-show', 'no-show'],
  ] as const)('%s removes the ended ticket and frees the window', (type, status) => {
    const ended = { ...called, status, endedAt: T0 + 5 };
    const next = applyHallUpdate(
      hallSnapshot({ tickets: [called, other], windows: [busyW1] }),
      update({ type, ticket: ended, window: idleW1 }),
    );
    expect(next.tickets).toEqual([other]);
    expect(next.windows).toEqual([idleW1]);
  });

  it('ticket:cancelled removes the ticket', () => {
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:cancelled', ticket: { ...waiting, status: 'cancelled' } }),
    );
    expect(next.tickets).toEqual([other]);
  });

  it('ticket:case-attached puts the case number on the ticket', () => {
    const withCase = { ...waiting, caseNumber: 'SP-2026-000123' };
    const next = applyHallUpdate(
      base,
      update({
        type: 'ticket:case-attached',
        ticket: withCase,
        caseNumber: 'SP-2026-000123',
        previousCaseNumber: null,
      }),
    );
    expect(next.tickets.find((t) => t.id === waiting.id)?.caseNumber).toBe('SP-2026-000123');
  });

  it('ticket:expired removes the ticket and frees the window that had called it', () => {
    const freed = windowState({ windowId: 'w1', currentTicketId: null });
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:expired', ticket: { ...waiting, status: 'expired' }, window: freed }),
    );
    expect(next.tickets).toEqual([other]);
    expect(next.windows.find((w) => w.windowId === 'w1')).toEqual(freed);
  });

  it('an ended ticket the view never had changes nothing in the list', () => {
    const next = applyHallUpdate(
      base,
      update({ type: 'ticket:expired', ticket: ticketView({ id: 'gone', status: 'expired' }), window: null }),
    );
    expect(next.tickets).toBe(base.tickets);
  });

  it('ticket:transferred from a window requeues the ticket and frees that window', () => {
    const requeued = {
      ...called,
      status: 'waiting' as const,
      windowId: null,
      transferCount: 1,
      targetWindowId: 'w2',
    };
    const next = applyHallUpdate(
      hallSnapshot({ tickets: [called], windows: [busyW1] }),
      update({
        type: 'ticket:transferred',
        ticket: requeued,
        fromServiceId: 'household',
        fromWindow: idleW1,
        to: { kind: 'window', windowId: 'w2' },
        note: '',
      }),
    );
    expect(next.tickets).toEqual([requeued]);
    expect(next.windows).toEqual([idleW1]);
  });

  it('ticket:transferred by a supervisor (no window) leaves the windows alone', () => {
    const moved = { ...waiting, transferCount: 1 };
    const next = applyHallUpdate(
      base,
      update({
        type: 'ticket:transferred',
        ticket: moved,
        fromServiceId: 'household',
        fromWindow: null,
        to: { kind: 'service', serviceId: 'household' },
        note: 'wrong service',
      }),
    );
    expect(next.tickets).toEqual([moved, other]);
    expect(next.windows).toBe(base.windows);
  });

  it.each(['window:paused', 'window:resumed', 'window:signed-in', 'window:signed-out'] as const)(
    '%s replaces the window by id',
    (type) => {
      const w2 = windowState({ windowId: 'w2', status: 'paused', pauseReason: 'break', pausedAt: T0 });
      const next = applyHallUpdate(base, update({ type, window: w2 }));
      expect(next.windows.map((w) => w.windowId)).toEqual(['w1', 'w2']);
      expect(next.windows[1]).toEqual(w2);
      expect(next.tickets).toBe(base.tickets);
    },
  );

  it('a window the view did not know is appended', () => {
    const w3 = windowState({ windowId: 'w3' });
    const next = applyHallUpdate(base, update({ type: 'window:signed-in', window: w3 }));
    expect(next.windows.map((w) => w.windowId)).toEqual(['w1', 'w2', 'w3']);
  });

  it('day:changed sets the business day', () => {
    const next = applyHallUpdate(
      base,
      update({ type: 'day:changed', previousDay: '2026-01-01', businessDay: '2026-01-02' }),
    );
    expect(next.businessDay).toBe('2026-01-02');
    expect(next.tickets).toBe(base.tickets);
  });

  it('rating:recorded changes nothing but seq, time and figures', () => {
    const next = applyHallUpdate(base, update({ type: 'rating:recorded', ticketId: 't1', windowId: 'w1' }));
    expect({ ...next, seq: base.seq, serverTime: base.serverTime, figures: base.figures }).toEqual(base);
  });

  it('hall:configured replaces the hall', () => {
    const hall = { ...sampleHall(), name: { zh: '新大厅', en: 'New hall' } };
    const next = applyHallUpdate(base, update({ type: 'hall:configured', hall }));
    expect(next.hall).toEqual(hall);
  });

  it('notices:changed replaces the notices', () => {
    const notices = [{ id: 'n1', title: '通知', body: '午休 12:00–13:30', scrolling: true, enabled: true }];
    const next = applyHallUpdate(base, update({ type: 'notices:changed', notices }));
    expect(next.notices).toEqual(notices);
  });

  it('the tests above name every change type of the protocol', () => {
    const tested: HallChangeType[] = [
      'ticket:issued',
      'ticket:called',
      'ticket:recalled',
      'ticket:started',
      'ticket:finished',
      'ticket:no-show',
      'ticket:transferred',
      'ticket:cancelled',
      'ticket:case-attached',
      'ticket:expired',
      'window:paused',
      'window:resumed',
      'window:signed-in',
      'window:signed-out',
      'day:changed',
      'rating:recorded',
      'hall:configured',
      'notices:changed',
    ];
    const all = HallChangeSchema.options.map((o) => o.shape.type.value);
    expect([...tested].sort()).toEqual([...all].sort());
  });
});
