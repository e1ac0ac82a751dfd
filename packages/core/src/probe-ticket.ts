import type { Ticket, VisitorClass } from './ticket.ts';

/**
 * A stand-in for a ticket issued now, queued behind everyone in its lane, to ask the estimators when such a ticket
 * would be called. Its id cannot clash with a real ticket's (real ids hold a '/').
 */
export function probeTicket(
  serviceId: string,
  visitorClass: VisitorClass,
  now: number,
  businessDay: string,
): Ticket {
  return {
    id: `estimate:${serviceId}`,
    number: '',
    businessDay,
    serviceId,
    issuedServiceId: serviceId,
    visitorClass,
    status: 'waiting',
    issuedAt: now + 1,
    queuedAt: now + 1,
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    visitorKey: null,
    kioskId: null,
  };
}
