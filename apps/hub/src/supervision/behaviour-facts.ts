import { HallChange } from '@hallq/protocol';
import type { LogEntry } from '../store/event-log.ts';
import type { BehaviourFact } from './behaviour-rules.ts';

/** What the ratings table knows of a rated ticket (the log entry of a rating carries no level). */
export interface RatingRecord {
  /** null: the rating time ran out unrated. */
  readonly level: number | null;
  readonly clerkId: string | null;
  /** When the ticket was finished (办结). */
  readonly finishedAt: number;
}

export type LoggedEntry = Pick<LogEntry, 'id' | 'at' | 'type' | 'actorId' | 'deviceId' | 'payload'>;

/**
 * The behaviour rules' facts from event log entries (the hall stream's changes; audit-only entries give none),
 * in log order. An entry whose payload is not a hall change it knows is skipped and counted, never thrown on:
 * one odd entry must not blind supervision to the rest of the day.
 */
export function behaviourFactsOf(
  entries: readonly LoggedEntry[],
  ratingOf: (ticketId: string) => RatingRecord | null,
  /** Who holds a ticket (the keyed hash of their ID number), asked for out-of-order calls only. */
  visitorOf: (ticketId: string) => string | null = () => null,
): { facts: BehaviourFact[]; skipped: number } {
  const facts: BehaviourFact[] = [];
  let skipped = 0;
  for (const entry of entries) {
    let json: unknown;
    try {
      json = JSON.parse(entry.payload);
    } catch {
      skipped += 1;
      continue;
    }
    const parsed = HallChange.safeParse(json);
    if (!parsed.success || parsed.data.type !== entry.type) {
      skipped += 1;
      continue;
    }
    const change = parsed.data;
    const base = { entryId: entry.id, at: entry.at };
    switch (change.type) {
      case 'ticket:issued':
        facts.push({
          ...base,
          kind: 'queued',
          ticketId: change.ticket.id,
          serviceId: change.ticket.serviceId,
          targetWindowId: change.ticket.targetWindowId,
        });
        break;
      case 'ticket:called':
        facts.push({
          ...base,
          kind: 'called',
          windowId: change.window.windowId,
          clerkId: change.ticket.clerkId ?? change.window.clerkId,
          ticketId: change.ticket.id,
          outOfOrder: change.outOfOrderReason !== null,
          visitorKey: change.outOfOrderReason !== null ? visitorOf(change.ticket.id) : null,
        });
        break;
      case 'ticket:finished':
        facts.push({
          ...base,
          kind: 'finished',
          windowId: change.window.windowId,
          clerkId: change.ticket.clerkId ?? change.window.clerkId,
          ticketId: change.ticket.id,
          serviceId: change.ticket.serviceId,
          startedAt: change.ticket.startedAt,
        });
        break;
      case 'ticket:no-show':
        facts.push({
          ...base,
          kind: 'no-show',
          windowId: change.window.windowId,
          clerkId: change.ticket.clerkId ?? change.window.clerkId,
          ticketId: change.ticket.id,
        });
        break;
      case 'ticket:transferred':
        // It leaves its line or window, and joins the line it was sent to.
        facts.push({ ...base, kind: 'left-line', ticketId: change.ticket.id });
        facts.push({
          ...base,
          kind: 'queued',
          ticketId: change.ticket.id,
          serviceId: change.ticket.serviceId,
          targetWindowId: change.ticket.targetWindowId,
        });
        break;
      case 'ticket:cancelled':
      case 'ticket:expired':
        facts.push({ ...base, kind: 'left-line', ticketId: change.ticket.id });
        break;
      case 'window:paused':
      case 'window:resumed':
      case 'window:signed-in':
      case 'window:signed-out': {
        const kinds = {
          'window:paused': 'paused',
          'window:resumed': 'resumed',
          'window:signed-in': 'signed-in',
          'window:signed-out': 'signed-out',
        } as const;
        facts.push({
          ...base,
          kind: kinds[change.type],
          windowId: change.window.windowId,
          // After a sign-out the window holds no clerk; the entry's actor is who signed out.
          clerkId: change.window.clerkId ?? entry.actorId,
        });
        break;
      }
      case 'rating:recorded': {
        const rating = ratingOf(change.ticketId);
        if (!rating || rating.level === null) break;
        facts.push({
          ...base,
          kind: 'rated',
          windowId: change.windowId,
          clerkId: rating.clerkId,
          ticketId: change.ticketId,
          padId: entry.deviceId,
          level: rating.level,
          finishedAt: rating.finishedAt,
        });
        break;
      }
      case 'ticket:recalled':
      case 'ticket:started':
      case 'ticket:case-attached':
      case 'day:changed':
      case 'hall:configured':
      case 'notices:changed':
        break;
      default: {
        const unhandled: never = change;
        throw new Error(`unhandled hall change ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return { facts, skipped };
}
