import type {
  DeviceComponentStatus,
  DeviceKind,
  HallChange,
  RatingRecordFields,
  TicketView,
  WebhookEventType,
  WebhookPayload,
  WebhookTicket,
} from '@hallq/protocol';
import type { FollowUpChange } from '../follow-ups/follow-up-desk.ts';
import type { LogEntry } from '../store/event-log.ts';

/** A rating as the database keeps it, for `rating.recorded` (the log entry names the ticket only). */
export interface RatingFact {
  readonly windowId: string;
  readonly clerkId: string | null;
  readonly level: number | null;
  readonly tags: readonly string[];
  readonly comment: string;
  readonly at: number;
  /** The 好差评 record fields written with the rating. */
  readonly record: RatingRecordFields | null;
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
    case 'ticket:case-attached':
      return 'ticket.case_attached';
    case 'rating:recorded':
      return 'rating.recorded';
    case 'follow-up:opened':
    case 'follow-up:changed':
      return 'follow_up.changed';
    case 'device:status-changed':
      return 'device.status';
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
  if (type === 'follow_up.changed') return followUpPayload(entry);
  if (type === 'device.status') return devicePayload(entry);
  if (type === null || entry.hallSeq === null) return null;
  const change = JSON.parse(entry.payload) as HallChange;
  const timestamp = new Date(entry.at).toISOString();
  const hallSeq = entry.hallSeq;
  if (change.type === 'rating:recorded') {
    const rating = lookups.rating(change.ticketId);
    if (rating === null || rating.record === null) return null;
    return {
      type: 'rating.recorded',
      timestamp,
      data: {
        ...rating.record,
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
  if (change.type === 'ticket:case-attached') {
    return {
      type: 'ticket.case_attached',
      timestamp,
      data: {
        hallSeq,
        ticket: publicTicket(change.ticket),
        windowId: change.ticket.windowId,
        windowNumber: change.ticket.windowId === null ? null : lookups.windowNumber(change.ticket.windowId),
        caseNumber: change.caseNumber,
        previousCaseNumber: change.previousCaseNumber,
      },
    };
  }
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

/** A follow-up step: an audit entry outside the hall stream, ordered by its log id. */
function followUpPayload(entry: LogEntry): WebhookPayload {
  const change = JSON.parse(entry.payload) as FollowUpChange;
  return {
    type: 'follow_up.changed',
    timestamp: new Date(entry.at).toISOString(),
    data: { ...change, logId: entry.id },
  };
}

/** What a device's status entry records (command-handlers' `device:report`, when a component changed state). */
export interface DeviceStatusChange {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly windowId: string | null;
  readonly components: DeviceComponentStatus[];
}

/** A device's status change: an audit entry outside the hall stream, ordered by its log id. */
function devicePayload(entry: LogEntry): WebhookPayload {
  const change = JSON.parse(entry.payload) as DeviceStatusChange;
  return {
    type: 'device.status',
    timestamp: new Date(entry.at).toISOString(),
    data: { ...change, logId: entry.id },
  };
}
