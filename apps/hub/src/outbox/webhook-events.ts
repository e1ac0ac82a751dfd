import type {
  HallChange,
  TicketView,
  WebhookEventType,
  WebhookPayload,
  WebhookTicket,
} from '@hallq/protocol';
import type { LogEntry } from '../store/event-log.ts';

/** A rating as the database keeps it, for `rating.recorded` (the log entry names the ticket only). */
export interface RatingFact {
  readonly windowId: string;
  readonly clerkId: string | null;
  readonly level: number | null;
  readonly tags: readonly string[];
  readonly comment: string;
  readonly at: number;
}

export interface WebhookLookups {
  windowNumber(windowId: string): number | null;
  rating(ticketId: string): RatingFact | null;
}

/** The webhook type of a log entry's type; null for entries no webhook carries (audit entries, configuration). */
export function webhookTypeOf(logType: string): WebhookEventType | null {
  switch (logType) {
    case 'ticket:issued':
      return 'ticket.issued';
    case 'ticket:called':
      return 'ticket.called';
    case 'ticket:recalled':
      return 'ticket.recalled';
    case 'ticket:started':
      return 'ticket.started';
    case 'ticket:finished':
      return 'ticket.finished';
    case 'ticket:no-show':
      return 'ticket.no_show';
    case 'ticket:transferred':
      return 'ticket.transferred';
    case 'ticket:cancelled':
      return 'ticket.cancelled';
    case 'ticket:expired':
      return 'ticket.expired';
    case 'window:paused':
      return 'window.paused';
    case 'window:resumed':
      return 'window.resumed';
    case 'rating:recorded':
      return 'rating.recorded';
    default:
      return null;
  }
}

/** Nothing personal leaves the hall: no visitor name, no kiosk. */
function publicTicket(ticket: TicketView): WebhookTicket {
  const { visitorName: _name, kioskId: _kiosk, ...rest } = ticket;
  return rest;
}

/** The window a ticket change concerns: the one calling, serving or finishing, or the one a transfer left. */
function windowOfTicketChange(change: Extract<HallChange, { ticket: TicketView }>): string | null {
  if (change.type === 'ticket:transferred') return change.fromWindow?.windowId ?? null;
  if ('window' in change && change.window) return change.window.windowId;
  return change.ticket.windowId;
}

/**
 * The webhook for one log entry, or null when no webhook carries it. Built from the entry alone (and the
 * rating row it names, which never changes once written), so every retry sends the same body.
 */
export function webhookPayloadOf(entry: LogEntry, lookups: WebhookLookups): WebhookPayload | null {
  const type = webhookTypeOf(entry.type);
  if (type === null || entry.hallSeq === null) return null;
  const change = JSON.parse(entry.payload) as HallChange;
  const timestamp = new Date(entry.at).toISOString();
  const hallSeq = entry.hallSeq;
  if (change.type === 'rating:recorded') {
    const rating = lookups.rating(change.ticketId);
    if (rating === null) return null;
    return {
      type: 'rating.recorded',
      timestamp,
      data: {
        hallSeq,
        ticketId: change.ticketId,
        windowId: rating.windowId,
        clerkId: rating.clerkId,
        level: rating.level,
        tags: [...rating.tags],
        comment: rating.comment,
        ratedAt: rating.at,
      },
    };
  }
  if (change.type === 'window:paused' || change.type === 'window:resumed') {
    const window = change.window;
    return {
      type: change.type === 'window:paused' ? 'window.paused' : 'window.resumed',
      timestamp,
      data: {
        hallSeq,
        windowId: window.windowId,
        windowNumber: lookups.windowNumber(window.windowId),
        status: window.status,
        pauseReason: window.pauseReason,
        clerkId: window.clerkId,
      },
    };
  }
  if (!('ticket' in change)) return null;
  const windowId = windowOfTicketChange(change);
  return {
    type,
    timestamp,
    data: {
      hallSeq,
      ticket: publicTicket(change.ticket),
      windowId,
      windowNumber: windowId === null ? null : lookups.windowNumber(windowId),
    },
  } as WebhookPayload;
}
