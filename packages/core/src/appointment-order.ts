/**
 * Call order with appointments, beside `call-order.ts` and built on the same rules. An appointment ticket
 * stands in line from its slot's start: walk-ins who came before the slot started stay ahead of it, later
 * walk-ins fall behind it; the priority lane still comes first. A visitor who checked in after the slot started
 * stands in line from the check-in, like a walk-in arriving then (walk-ins are never starved by latecomers).
 *
 * For a ticket that is not an appointment the order is exactly `compareForWindow`'s. The hub can use this
 * comparator with a lookup of slot starts, or, equivalently, issue an appointment ticket with
 * `queuedAt = appointmentQueueTime(...)` and keep the existing order and waiting index unchanged.
 */
import { windowCanServe } from './call-order.ts';
import type { CallPolicy, HallWindow } from './hall.ts';
import type { Ticket } from './ticket.ts';

/** The slot start of an appointment ticket, or null for a walk-in (the hub keeps this beside the ticket). */
export type SlotStartOf = (ticket: Ticket) => number | null;

/** Where an appointment ticket stands in line: its slot's start, or its own queue time if later. */
export function appointmentQueueTime(slotStartsAt: number, queuedAt: number): number {
  return Math.max(slotStartsAt, queuedAt);
}

const lineTime = (ticket: Ticket, slotStartOf: SlotStartOf): number => {
  const slot = slotStartOf(ticket);
  return slot === null ? ticket.queuedAt : appointmentQueueTime(slot, ticket.queuedAt);
};

const classRank = (ticket: Ticket): number => (ticket.visitorClass === 'priority' ? 0 : 1);

/** `compareForWindow` with appointment tickets placed at their slot time. */
export function compareWithAppointments(window: HallWindow, policy: CallPolicy, slotStartOf: SlotStartOf) {
  const serviceRank = (ticket: Ticket): number =>
    ticket.targetWindowId === window.id ? -1 : window.serviceIds.indexOf(ticket.serviceId);
  return (a: Ticket, b: Ticket): number => {
    const byClass = classRank(a) - classRank(b);
    if (byClass !== 0) return byClass;
    if (policy === 'service-order') {
      const byService = serviceRank(a) - serviceRank(b);
      if (byService !== 0) return byService;
    }
    return (
      lineTime(a, slotStartOf) - lineTime(b, slotStartOf) ||
      a.issuedAt - b.issuedAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
  };
}

/** The ticket call-next would pick for this window with appointments in the order, or null. */
export function nextTicketWithAppointments(
  window: HallWindow,
  tickets: Iterable<Ticket>,
  policy: CallPolicy,
  slotStartOf: SlotStartOf,
): Ticket | null {
  const compare = compareWithAppointments(window, policy, slotStartOf);
  let best: Ticket | null = null;
  for (const ticket of tickets) {
    if (ticket.status !== 'waiting' || !windowCanServe(window, ticket)) continue;
    if (best === null || compare(ticket, best) < 0) best = ticket;
  }
  return best;
}
