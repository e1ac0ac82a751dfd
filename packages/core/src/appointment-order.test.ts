/**
 * Call order with appointments, as a table: one window, one service, a 10:00 slot. Each ticket's place is
 * stated beside it, and the order of call-next is read off by calling until nobody waits.
 */
import { describe, expect, it } from 'vitest';
import {
  appointmentQueueTime,
  compareWithAppointments,
  nextTicketWithAppointments,
  type SlotStartOf,
} from './appointment-order.ts';
import { hallWindow, local, ticketOf } from './testing/hall-fixture.ts';
import type { Ticket } from './ticket.ts';

const w1 = hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] });

/** A ticket issued at `issued`; an appointment ticket also has its slot start. */
function t(
  number: string,
  issued: string,
  opts: { slot?: string; priority?: boolean; serviceId?: string } = {},
) {
  const at = local(`2026-10-08T${issued}`);
  return {
    ticket: ticketOf({
      number,
      serviceId: opts.serviceId ?? 'social',
      issuedAt: at,
      queuedAt: at,
      visitorClass: opts.priority ? 'priority' : 'normal',
    }),
    slot: opts.slot === undefined ? null : local(`2026-10-08T${opts.slot}`),
  };
}

function callOrder(
  entries: readonly { ticket: Ticket; slot: number | null }[],
  policy: 'earliest-first' | 'service-order' = 'earliest-first',
) {
  const slots = new Map(entries.map((e) => [e.ticket.id, e.slot]));
  const slotStartOf: SlotStartOf = (ticket) => slots.get(ticket.id) ?? null;
  let waiting = entries.map((e) => e.ticket);
  const order: string[] = [];
  for (;;) {
    const next = nextTicketWithAppointments(w1, waiting, policy, slotStartOf);
    if (next === null) return order;
    order.push(next.number);
    waiting = waiting.filter((x) => x !== next);
  }
}

describe('call order with appointments', () => {
  it('places an appointment at its slot time among walk-ins; priority lane first; latecomers lose precedence', () => {
    const entries = [
      t('A101', '10:00', { slot: '10:30' }), // on time for 10:30, checked in at 10:00: stands at 10:30
      t('A001', '09:50'), // walk-in before the 10:00 slot: keeps precedence
      t('A102', '09:40', { slot: '10:00' }), // on time, checked in early: stands at 10:00
      t('A002', '10:05'), // walk-in after the slot started: behind A102
      t('A103', '10:10', { slot: '10:00' }), // checked in 10 minutes late: stands at 10:10, like a walk-in then
      t('A003', '10:25'), // walk-in before the 10:30 slot
      t('A004', '10:20', { priority: true }), // priority lane: first of all
    ];
    expect(callOrder(entries)).toEqual(['A004', 'A001', 'A102', 'A002', 'A103', 'A003', 'A101']);
    expect(callOrder([...entries].reverse())).toEqual([
      'A004',
      'A001',
      'A102',
      'A002',
      'A103',
      'A003',
      'A101',
    ]);
  });

  it('puts an appointment before a walk-in arriving exactly at the slot start (it checked in earlier)', () => {
    expect(callOrder([t('A001', '10:00'), t('A102', '09:45', { slot: '10:00' })])).toEqual(['A102', 'A001']);
  });

  it('orders appointments of one slot by check-in', () => {
    expect(callOrder([t('A102', '09:50', { slot: '10:00' }), t('A101', '09:35', { slot: '10:00' })])).toEqual(
      ['A101', 'A102'],
    );
  });

  it('keeps the service-order policy: the window’s first service first, appointments placed within it', () => {
    const entries = [
      t('B001', '09:00', { serviceId: 'tax' }),
      t('A101', '09:40', { slot: '10:00' }),
      t('A001', '10:05'),
    ];
    expect(callOrder(entries, 'service-order')).toEqual(['A101', 'A001', 'B001']);
    expect(callOrder(entries, 'earliest-first')).toEqual(['B001', 'A101', 'A001']);
  });

  it('skips tickets that are not waiting or not for this window', () => {
    const called = t('A101', '09:40', { slot: '10:00' });
    const elsewhere = t('C001', '09:00', { serviceId: 'permit' });
    expect(
      callOrder([{ ...called, ticket: { ...called.ticket, status: 'called', windowId: 'w2' } }, elsewhere]),
    ).toEqual([]);
  });

  it('gives an appointment ticket its slot time, or its own queue time when later', () => {
    expect(appointmentQueueTime(1000, 400)).toBe(1000);
    expect(appointmentQueueTime(1000, 1600)).toBe(1600);
  });

  it('is a total order: antisymmetric and zero only for the same ticket', () => {
    const a = t('A101', '09:40', { slot: '10:00' });
    const b = t('A001', '10:00');
    const compare = compareWithAppointments(w1, 'earliest-first', (x) =>
      x.id === a.ticket.id ? a.slot : null,
    );
    expect(Math.sign(compare(a.ticket, b.ticket))).toBe(-Math.sign(compare(b.ticket, a.ticket)));
    expect(compare(a.ticket, a.ticket)).toBe(0);
  });
});
