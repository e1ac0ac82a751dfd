import type { CallPolicy, HallWindow } from './hall.ts';
import type { Ticket, VisitorClass } from './ticket.ts';
import { headOf, serviceLineKey, type WaitingIndex, windowLineKey } from './ticket-store.ts';

/** Can this window call this waiting ticket at all? A ticket sent to a named window waits for that window only. */
export function windowCanServe(window: HallWindow, ticket: Ticket): boolean {
  if (ticket.targetWindowId !== null) return ticket.targetWindowId === window.id;
  return window.serviceIds.includes(ticket.serviceId);
}

const classRank = (ticket: Ticket): number => (ticket.visitorClass === 'priority' ? 0 : 1);

/**
 * Orders two waiting tickets for one window: priority lane first; then, by policy, either the earliest queued
 * across the window's services or the window's service order first; ties by issue time then number, so the
 * order is total and the same on every run.
 */
export function compareForWindow(window: HallWindow, policy: CallPolicy) {
  // A ticket sent to this window by name comes before its service list, whether or not the window also
  // serves the ticket's service.
  const serviceRank = (ticket: Ticket): number =>
    ticket.targetWindowId === window.id ? -1 : window.serviceIds.indexOf(ticket.serviceId);
  return (a: Ticket, b: Ticket): number => {
    const byClass = classRank(a) - classRank(b);
    if (byClass !== 0) return byClass;
    if (policy === 'service-order') {
      const byService = serviceRank(a) - serviceRank(b);
      if (byService !== 0) return byService;
    }
    return a.queuedAt - b.queuedAt || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/** The ticket call-next would pick for this window, or null when nobody waits for it. */
export function nextTicketFor(
  window: HallWindow,
  tickets: Iterable<Ticket>,
  policy: CallPolicy,
): Ticket | null {
  const compare = compareForWindow(window, policy);
  let best: Ticket | null = null;
  for (const ticket of tickets) {
    if (ticket.status !== 'waiting' || !windowCanServe(window, ticket)) continue;
    if (best === null || compare(ticket, best) < 0) best = ticket;
  }
  return best;
}

const LANES: readonly VisitorClass[] = ['priority', 'normal'];

/**
 * The ticket call-next picks for this window, from the waiting index: the best of the heads of the lines it may
 * call (its own named-window line and its services' lines, each class). Within a line the order is the call
 * order, so the best head is the best ticket; the cost is the window's number of lines, not the queue's length.
 */
export function nextWaitingFor(window: HallWindow, index: WaitingIndex, policy: CallPolicy): Ticket | null {
  const compare = compareForWindow(window, policy);
  let best: Ticket | null = null;
  for (const lane of LANES) {
    const heads = [
      headOf(index, windowLineKey(window.id, lane)),
      ...window.serviceIds.map((serviceId) => headOf(index, serviceLineKey(serviceId, lane))),
    ];
    for (const head of heads) {
      if (head !== undefined && (best === null || compare(head, best) < 0)) best = head;
    }
    // The priority lane is called first: a priority ticket found is the answer.
    if (best !== null) return best;
  }
  return null;
}
