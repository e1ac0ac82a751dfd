import type { HallChange, TicketView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { createQueueReplica, type DecisionContext } from './sms-decisions.ts';

const ticket = (n: number, over: Partial<TicketView> = {}): TicketView => ({
  id: `t${String(n).padStart(3, '0')}`,
  number: `A${String(n).padStart(3, '0')}`,
  businessDay: '2026-12-07',
  serviceId: 'svc-1',
  issuedServiceId: 'svc-1',
  visitorClass: 'normal',
  status: 'waiting',
  issuedAt: n * 1000,
  queuedAt: n * 1000,
  targetWindowId: null,
  windowId: null,
  clerkId: null,
  callCount: 0,
  firstCalledAt: null,
  lastCalledAt: null,
  startedAt: null,
  endedAt: null,
  transferCount: 0,
  kioskId: null,
  visitorName: null,
  ...over,
});
const window = { windowId: 'w1' } as Extract<HallChange, { type: 'ticket:called' }>['window'];
const issued = (t: TicketView, peopleAhead: number): HallChange => ({
  type: 'ticket:issued',
  ticket: t,
  peopleAhead,
  estimatedWaitMs: 0,
});
const called = (t: TicketView): HallChange =>
  ({
    type: 'ticket:called',
    ticket: { ...t, status: 'called' },
    window,
    call: {},
    outOfOrderReason: null,
  }) as never;

const ctx = (phones: Set<string>): DecisionContext => ({
  hasPhone: (id) => phones.has(id),
  windowNumber: () => 5,
  serviceName: () => '社保',
  peopleAheadThreshold: 2,
});

describe('the SMS queue replica', () => {
  it('sends "N ahead" once, when a visitor with a number comes within N of the front', () => {
    const replica = createQueueReplica();
    const c = ctx(new Set(['t005']));
    const tickets = [1, 2, 3, 4, 5].map((n) => ticket(n));
    const kinds: string[] = [];
    tickets.forEach((t, i) => {
      for (const d of replica.apply(issued(t, i), c))
        kinds.push(`${d.ticketId} ${d.kind} ${d.variables.peopleAhead}`);
    });
    expect(kinds).toEqual(['t005 issued 4']);
    for (const t of tickets.slice(0, 3)) {
      for (const d of replica.apply(called(t), c))
        kinds.push(`${d.ticketId} ${d.kind} ${d.variables.peopleAhead ?? ''}`);
    }
    expect(kinds).toEqual(['t005 issued 4', 't005 n-ahead 2']);
    expect(replica.apply(called(tickets[4]!), c).map((d) => [d.kind, d.variables.window])).toEqual([
      ['called', 5],
    ]);
  });

  it('puts the priority lane ahead, and a visitor issued already near the front gets no second message', () => {
    const replica = createQueueReplica();
    const c = ctx(new Set(['t003', 't004']));
    replica.apply(issued(ticket(1), 0), c);
    replica.apply(issued(ticket(2), 1), c);
    expect(replica.apply(issued(ticket(3), 2), c).map((d) => d.kind)).toEqual(['issued']);
    replica.apply(issued(ticket(4, { visitorClass: 'priority' }), 0), c);
    expect(replica.peopleAhead('t004')).toBe(0);
    expect(replica.peopleAhead('t003')).toBe(3);
    // t003 was issued with 2 ahead (at the threshold): its issue message already said so.
    expect(replica.apply(called(ticket(4, { visitorClass: 'priority' })), c)).toEqual([
      expect.objectContaining({ ticketId: 't004', kind: 'called' }),
    ]);
  });

  it('forgets the day at the day change', () => {
    const replica = createQueueReplica();
    replica.apply(issued(ticket(1), 0), ctx(new Set()));
    expect(replica.waitingCount()).toBe(1);
    replica.apply(
      { type: 'day:changed', previousDay: '2026-12-07', businessDay: '2026-12-08' },
      ctx(new Set()),
    );
    expect(replica.waitingCount()).toBe(0);
  });
});
