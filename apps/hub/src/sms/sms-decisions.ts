import type { HallChange, SmsMessageKind, TicketView } from '@hallq/protocol';
import type { SmsVariables } from './sms-text.ts';

/** One message the log says a visitor should get: at most one per (ticket, kind), whatever replays it. */
export interface SmsDecision {
  readonly ticketId: string;
  readonly kind: SmsMessageKind;
  readonly businessDay: string;
  readonly variables: SmsVariables;
}

interface WaitingTicket {
  readonly id: string;
  readonly number: string;
  readonly visitorClass: TicketView['visitorClass'];
  readonly queuedAt: number;
}

export interface DecisionContext {
  /** Whether the visitor of this ticket left a number (looked up in the issue's own transaction's table). */
  hasPhone(ticketId: string): boolean;
  windowNumber(windowId: string): number | null;
  serviceName(serviceId: string): string;
  /** The "N ahead" threshold of the hall's SMS settings. */
  readonly peopleAheadThreshold: number;
}

/**
 * The SMS consumer's picture of who waits where, built from the log alone (each change carries its ticket
 * whole), so that what it decides depends only on the entries it read, not on how far behind the hall it runs.
 * It is rebuilt from the start of the business day after a restart.
 */
export function createQueueReplica() {
  const byService = new Map<string, Map<string, WaitingTicket>>();
  const serviceOf = new Map<string, string>();
  /** Tickets with a number that were issued with more than N ahead and have not had the N-ahead message. */
  const awaitingNAhead = new Set<string>();

  const remove = (ticketId: string) => {
    const service = serviceOf.get(ticketId);
    if (service !== undefined) byService.get(service)?.delete(ticketId);
    serviceOf.delete(ticketId);
  };
  const put = (ticket: TicketView) => {
    remove(ticket.id);
    if (ticket.status !== 'waiting') return;
    let line = byService.get(ticket.serviceId);
    if (!line) {
      line = new Map();
      byService.set(ticket.serviceId, line);
    }
    line.set(ticket.id, {
      id: ticket.id,
      number: ticket.number,
      visitorClass: ticket.visitorClass,
      queuedAt: ticket.queuedAt,
    });
    serviceOf.set(ticket.id, ticket.serviceId);
  };

  /**
   * Waiting tickets of the service called before this one: the priority lane first, then by the time they
   * joined the line. (Calls to a named window and the hall's call policy can reorder a little; the message
   * says "about", and it goes once.)
   */
  const peopleAhead = (ticketId: string): number | null => {
    const service = serviceOf.get(ticketId);
    const line = service === undefined ? undefined : byService.get(service);
    const me = line?.get(ticketId);
    if (!line || !me) return null;
    const rank = (t: WaitingTicket) => (t.visitorClass === 'priority' ? 0 : 1);
    let ahead = 0;
    for (const other of line.values()) {
      if (other.id === ticketId) continue;
      if (
        rank(other) < rank(me) ||
        (rank(other) === rank(me) &&
          (other.queuedAt < me.queuedAt || (other.queuedAt === me.queuedAt && other.id < me.id)))
      )
        ahead += 1;
    }
    return ahead;
  };

  return {
    /** Applies one log change and returns the messages it calls for. */
    apply(change: HallChange, ctx: DecisionContext): SmsDecision[] {
      if (change.type === 'day:changed') {
        byService.clear();
        serviceOf.clear();
        awaitingNAhead.clear();
        return [];
      }
      if (!('ticket' in change)) return [];
      const ticket = change.ticket;
      const touched = new Set([ticket.serviceId]);
      const before = serviceOf.get(ticket.id);
      if (before !== undefined) touched.add(before);
      put(ticket);
      const out: SmsDecision[] = [];
      const decide = (kind: SmsMessageKind, variables: SmsVariables) =>
        out.push({
          ticketId: ticket.id,
          kind,
          businessDay: ticket.businessDay,
          variables: { number: ticket.number, service: ctx.serviceName(ticket.serviceId), ...variables },
        });
      const phone = ctx.hasPhone(ticket.id);
      const windowVar = (windowId: string) => ctx.windowNumber(windowId) ?? '';
      switch (change.type) {
        case 'ticket:issued':
          if (!phone) break;
          decide('issued', { peopleAhead: change.peopleAhead });
          if (change.peopleAhead > ctx.peopleAheadThreshold) awaitingNAhead.add(ticket.id);
          break;
        case 'ticket:called':
          awaitingNAhead.delete(ticket.id);
          if (phone) decide('called', { window: windowVar(change.window.windowId) });
          break;
        case 'ticket:recalled':
          if (phone) decide('no-show-warning', { window: windowVar(change.window.windowId) });
          break;
        default:
          if (ticket.status !== 'waiting') awaitingNAhead.delete(ticket.id);
      }
      // Someone left a line (called, cancelled, moved): visitors with a number further back may now be near.
      for (const serviceId of touched) {
        for (const id of byService.get(serviceId)?.keys() ?? []) {
          if (!awaitingNAhead.has(id)) continue;
          const ahead = peopleAhead(id);
          if (ahead === null || ahead > ctx.peopleAheadThreshold) continue;
          awaitingNAhead.delete(id);
          const waiting = byService.get(serviceId)?.get(id);
          if (!waiting) continue;
          out.push({
            ticketId: id,
            kind: 'n-ahead',
            businessDay: ticket.businessDay,
            variables: { number: waiting.number, service: ctx.serviceName(serviceId), peopleAhead: ahead },
          });
        }
      }
      return out;
    },
    peopleAhead,
    /** For tests: how many tickets wait in the replica. */
    waitingCount: () => serviceOf.size,
  };
}
