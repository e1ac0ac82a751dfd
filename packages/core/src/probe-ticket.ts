import { issuedTicket, type Ticket, type VisitorClass } from './ticket.ts';

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
  return issuedTicket({
    id: `estimate:${serviceId}`,
    number: '',
    businessDay,
    serviceId,
    visitorClass,
    issuedAt: now + 1,
    queuedAt: now + 1,
  });
}
