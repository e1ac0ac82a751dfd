import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextTicketFor, nextWaitingFor } from './call-order.ts';
import type { HallWindow } from './hall.ts';
import { hallWindow, local, ticketOf } from './testing/hall-fixture.ts';
import type { Ticket } from './ticket.ts';
import {
  compareInLine,
  heldBy,
  serviceLineKey,
  TicketStore,
  waitingIndexOf,
  waitingInService,
  windowLineKey,
} from './ticket-store.ts';

const t0 = local('2026-11-28T09:00');
const SERVICES = ['social', 'tax', 'permit'] as const;
const WINDOWS: readonly HallWindow[] = [
  hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
  hallWindow({ id: 'w2', number: 2, serviceIds: ['tax', 'social'] }),
  hallWindow({ id: 'w3', number: 3, serviceIds: ['permit'] }),
];

/** A ticket with few distinct values per field, so that ties, replacements and moves between lines happen. */
const ticketArb: fc.Arbitrary<Ticket> = fc
  .record({
    n: fc.integer({ min: 1, max: 25 }),
    serviceId: fc.constantFrom(...SERVICES),
    status: fc.constantFrom('waiting', 'waiting', 'waiting', 'called', 'serving'),
    visitorClass: fc.constantFrom('normal', 'normal', 'priority'),
    queued: fc.integer({ min: 0, max: 8 }),
    issued: fc.integer({ min: 0, max: 3 }),
    target: fc.option(fc.constantFrom('w1', 'w2', 'w3'), { freq: 4 }),
    visitor: fc.option(fc.constantFrom('v1', 'v2'), { freq: 2 }),
  })
  .map((r) =>
    ticketOf({
      number: `X${String(r.n).padStart(3, '0')}`,
      serviceId: r.serviceId,
      status: r.status,
      visitorClass: r.visitorClass,
      issuedAt: t0 + r.issued * 60_000,
      queuedAt: t0 + r.queued * 60_000,
      targetWindowId: r.target,
      visitorKey: r.visitor,
    }),
  );

type Step = { kind: 'put'; ticket: Ticket } | { kind: 'remove'; n: number };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: ticketArb.map((ticket) => ({ kind: 'put' as const, ticket })), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 25 }).map((n) => ({ kind: 'remove' as const, n })), weight: 1 },
);
const idOf = (n: number) => `2026-11-28/X${String(n).padStart(3, '0')}`;

/** The same questions answered the slow way, by walking every ticket. */
function naiveLine(tickets: Iterable<Ticket>, keep: (t: Ticket) => boolean): Ticket[] {
  return [...tickets].filter((t) => t.status === 'waiting' && keep(t)).sort(compareInLine);
}

describe('TicketStore', () => {
  it('answers like a Map and keeps its waiting index equal to one built from scratch', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => {
        let store = TicketStore.EMPTY;
        const model = new Map<string, Ticket>();
        for (const step of steps) {
          if (step.kind === 'put') {
            store = store.with(step.ticket);
            model.set(step.ticket.id, step.ticket);
          } else {
            store = store.without(idOf(step.n));
            model.delete(idOf(step.n));
          }
        }
        expect(store.size).toBe(model.size);
        expect(new Map(store)).toEqual(model);
        const index = store.index;
        for (const serviceId of SERVICES) {
          for (const lane of ['normal', 'priority'] as const) {
            const line = index.lines[serviceLineKey(serviceId, lane)];
            expect([...(line?.keys() ?? [])]).toEqual(
              naiveLine(
                model.values(),
                (t) => t.serviceId === serviceId && t.visitorClass === lane && t.targetWindowId === null,
              ),
            );
          }
          expect(waitingInService(index, serviceId)).toBe(
            naiveLine(model.values(), (t) => t.serviceId === serviceId).length,
          );
          expect(index.priorityByService[serviceId] ?? 0).toBe(
            naiveLine(model.values(), (t) => t.serviceId === serviceId && t.visitorClass === 'priority')
              .length,
          );
          for (const visitor of ['v1', 'v2']) {
            const held = [...model.values()].filter(
              (t) => t.visitorKey === visitor && t.serviceId === serviceId,
            );
            expect(heldBy(index, visitor, serviceId)).toBe(held.length);
          }
        }
        for (const w of WINDOWS) {
          for (const lane of ['normal', 'priority'] as const) {
            const line = index.lines[windowLineKey(w.id, lane)];
            expect([...(line?.keys() ?? [])]).toEqual(
              naiveLine(model.values(), (t) => t.targetWindowId === w.id && t.visitorClass === lane),
            );
          }
        }
        // The index of a plain Map (a state built in a test) is the same.
        const contents = (lines: typeof index.lines) =>
          Object.fromEntries(Object.entries(lines).map(([key, line]) => [key, [...line.keys()]]));
        expect(contents(waitingIndexOf(model).lines)).toEqual(contents(index.lines));
      }),
      { numRuns: 300 },
    );
  });

  it('call-next from the index picks what walking every ticket picks, under both policies', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), (tickets) => {
        const store = TicketStore.from(tickets);
        for (const window of WINDOWS) {
          for (const policy of ['earliest-first', 'service-order'] as const) {
            expect(nextWaitingFor(window, store.index, policy)).toEqual(
              nextTicketFor(window, store.values(), policy),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the store it was made from unchanged', () => {
    const a = ticketOf({ number: 'A001', serviceId: 'social' });
    const before = TicketStore.from([a]);
    const after = before
      .with({ ...a, status: 'called', windowId: 'w1' })
      .with(ticketOf({ number: 'A002', serviceId: 'social' }));
    expect(before.get(a.id)?.status).toBe('waiting');
    expect(before.size).toBe(1);
    expect(waitingInService(before.index, 'social')).toBe(1);
    expect(waitingInService(after.index, 'social')).toBe(1);
    expect(after.size).toBe(2);
  });

  it('hands out the current version of a ticket from its lines', () => {
    const a = ticketOf({ number: 'A001', serviceId: 'social' });
    const store = TicketStore.from([a]).with({ ...a, kioskId: 'k2' });
    expect(nextWaitingFor(WINDOWS[0]!, store.index, 'earliest-first')?.kioskId).toBe('k2');
  });
});
