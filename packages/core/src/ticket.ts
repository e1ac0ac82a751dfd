/** 绿色通道 (priority lane: elderly, disabled, military) is called before the normal lane. */
export type VisitorClass = 'normal' | 'priority';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no-show' | 'cancelled' | 'expired';

export const ACTIVE_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving'];

export interface Ticket {
  /** `${businessDay}/${number}`: unique in the hall, and derived, so the core needs no random ids. */
  readonly id: string;
  /** What the visitor sees: prefix + zero-padded sequence (A001). Kept through transfers. */
  readonly number: string;
  readonly businessDay: string;
  /** The service whose line the ticket stands in now (changes on transfer). */
  readonly serviceId: string;
  /** The service it was issued for. */
  readonly issuedServiceId: string;
  readonly visitorClass: VisitorClass;
  readonly status: TicketStatus;
  readonly issuedAt: number;
  /** Position in line: issue time, or transfer time when a transfer sends it to the back. */
  readonly queuedAt: number;
  /** Set by a transfer to a named window: only that window may call it. */
  readonly targetWindowId: string | null;
  /** The window holding the ticket while called or serving, and the last one after it ends. */
  readonly windowId: string | null;
  readonly clerkId: string | null;
  readonly callCount: number;
  readonly firstCalledAt: number | null;
  readonly lastCalledAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly transferCount: number;
  /** Keyed hash of the visitor's ID number (never the number itself), for per-ID limits. */
  readonly visitorKey: string | null;
  readonly kioskId: string | null;
}

/** What tells one newly issued ticket from another; the rest (never called, at no window) is the same for all. */
export type IssuedTicketFields = Pick<
  Ticket,
  'id' | 'number' | 'businessDay' | 'serviceId' | 'visitorClass' | 'issuedAt' | 'queuedAt'
>;

/**
 * A ticket just issued: waiting in its service's line, never called, at no window, not sent to one. Its fields
 * are written out in the interface's order, not spread: tickets built in one order share one object shape, and
 * the simulator's inner loop ran many times slower on tickets of a second shape (a staffing plan: over 4.5 s
 * instead of 0.6 s).
 */
export function issuedTicket(fields: IssuedTicketFields): Ticket {
  return {
    id: fields.id,
    number: fields.number,
    businessDay: fields.businessDay,
    serviceId: fields.serviceId,
    issuedServiceId: fields.serviceId,
    visitorClass: fields.visitorClass,
    status: 'waiting',
    issuedAt: fields.issuedAt,
    queuedAt: fields.queuedAt,
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
