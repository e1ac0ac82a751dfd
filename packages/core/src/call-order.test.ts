import { describe, expect, it } from 'vitest';
import { compareForWindow, nextTicketFor, windowCanServe } from './call-order.ts';
import { hallWindow, local, MINUTE, ticketOf } from './testing/hall-fixture.ts';

const w1 = hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] });
const t0 = local('2026-11-28T09:00');

describe('windowCanServe', () => {
  it('serves the services in the window list only', () => {
    expect(windowCanServe(w1, ticketOf({ number: 'A001', serviceId: 'social' }))).toBe(true);
    expect(windowCanServe(w1, ticketOf({ number: 'B001', serviceId: 'tax' }))).toBe(true);
    expect(windowCanServe(w1, ticketOf({ number: 'C001', serviceId: 'permit' }))).toBe(false);
  });

  it('serves a ticket sent to it by name whatever its service, and no other window may call it', () => {
    expect(windowCanServe(w1, ticketOf({ number: 'C001', serviceId: 'permit', targetWindowId: 'w1' }))).toBe(
      true,
    );
    expect(windowCanServe(w1, ticketOf({ number: 'A001', serviceId: 'social', targetWindowId: 'w2' }))).toBe(
      false,
    );
  });
});

describe('compareForWindow', () => {
  const early = ticketOf({ number: 'B001', serviceId: 'tax', issuedAt: t0 });
  const late = ticketOf({ number: 'A001', serviceId: 'social', issuedAt: t0 + MINUTE });
  const latePriority = ticketOf({
    number: 'A002',
    serviceId: 'social',
    issuedAt: t0 + 2 * MINUTE,
    visitorClass: 'priority',
  });

  it('puts the priority lane first under both policies', () => {
    for (const policy of ['earliest-first', 'service-order'] as const) {
      const compare = compareForWindow(w1, policy);
      expect(compare(latePriority, early)).toBeLessThan(0);
      expect(compare(early, latePriority)).toBeGreaterThan(0);
    }
  });

  it('earliest-first: the earliest queued across services', () => {
    expect(compareForWindow(w1, 'earliest-first')(early, late)).toBeLessThan(0);
  });

  it("service-order: the window's first service first, earliest within it", () => {
    const compare = compareForWindow(w1, 'service-order');
    expect(compare(late, early)).toBeLessThan(0);
    const later = ticketOf({ number: 'A003', serviceId: 'social', issuedAt: t0 + 5 * MINUTE });
    expect(compare(late, later)).toBeLessThan(0);
  });

  it('service-order: a ticket sent to the window by name comes before its service list', () => {
    const compare = compareForWindow(w1, 'service-order');
    const sentPermit = ticketOf({
      number: 'C001',
      serviceId: 'permit',
      targetWindowId: 'w1',
      issuedAt: t0 + 9 * MINUTE,
    });
    const sentTax = ticketOf({
      number: 'B009',
      serviceId: 'tax',
      targetWindowId: 'w1',
      issuedAt: t0 + 9 * MINUTE,
    });
    expect(compare(sentPermit, late)).toBeLessThan(0);
    expect(compare(sentTax, late)).toBeLessThan(0);
  });

  it('orders by queue time before issue time, then by issue time, then by id', () => {
    const compare = compareForWindow(w1, 'earliest-first');
    const requeued = ticketOf({
      number: 'A001',
      serviceId: 'social',
      issuedAt: t0,
      queuedAt: t0 + 10 * MINUTE,
    });
    const plain = ticketOf({ number: 'A005', serviceId: 'social', issuedAt: t0 + 5 * MINUTE });
    expect(compare(plain, requeued)).toBeLessThan(0);

    const keptPlace = ticketOf({ number: 'B003', serviceId: 'tax', issuedAt: t0 + MINUTE, queuedAt: t0 });
    const same = ticketOf({ number: 'A004', serviceId: 'social', issuedAt: t0 + 2 * MINUTE, queuedAt: t0 });
    expect(compare(keptPlace, same)).toBeLessThan(0);

    const a = ticketOf({ number: 'A007', serviceId: 'social', issuedAt: t0 });
    const b = ticketOf({ number: 'A008', serviceId: 'social', issuedAt: t0 });
    expect(compare(a, b)).toBeLessThan(0);
    expect(compare(b, a)).toBeGreaterThan(0);
    expect(compare(a, a)).toBe(0);
  });
});

describe('nextTicketFor', () => {
  it('is null when nobody waits for the window', () => {
    expect(nextTicketFor(w1, [], 'earliest-first')).toBeNull();
    const elsewhere = [
      ticketOf({ number: 'C001', serviceId: 'permit' }),
      ticketOf({ number: 'A001', serviceId: 'social', status: 'called', windowId: 'w2' }),
      ticketOf({ number: 'A002', serviceId: 'social', targetWindowId: 'w3' }),
    ];
    expect(nextTicketFor(w1, elsewhere, 'earliest-first')).toBeNull();
  });

  it('picks the best waiting ticket the window may serve, whatever the input order', () => {
    const tickets = [
      ticketOf({ number: 'A003', serviceId: 'social', issuedAt: t0 + 3 * MINUTE }),
      ticketOf({ number: 'B001', serviceId: 'tax', issuedAt: t0 + MINUTE }),
      ticketOf({ number: 'A001', serviceId: 'social', issuedAt: t0, status: 'serving', windowId: 'w2' }),
      ticketOf({ number: 'C001', serviceId: 'permit', issuedAt: t0 }),
      ticketOf({ number: 'A002', serviceId: 'social', issuedAt: t0 + 2 * MINUTE }),
    ];
    expect(nextTicketFor(w1, tickets, 'earliest-first')?.number).toBe('B001');
    expect(nextTicketFor(w1, [...tickets].reverse(), 'earliest-first')?.number).toBe('B001');
    expect(nextTicketFor(w1, tickets, 'service-order')?.number).toBe('A002');
  });
});
