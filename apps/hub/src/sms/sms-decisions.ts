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
   * The order a service's line is called in, as the replica can know it: the priority lane first, then by the
   * time each joined the line. (Calls to a named window and the hall's call policy can reorder a little; the
   * message says "about", and it goes once.)
   */
  const rank = (t: WaitingTicket) => (t.visitorClass === 'priority' ? 0 : 1);
  const before = (a: WaitingTicket, b: WaitingTicket) =>
    rank(a) - rank(b) || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  /** The first `count` of a service's line, in call order: O(line × count), not a sort of the whole line. */
  function frontOfLine(serviceId: string, count: number): WaitingTicket[] {
    const front: WaitingTicket[] = [];
    for (const t of byService.get(serviceId)?.values() ?? []) {
      if (front.length === count && before(t, front[count - 1]!) >= 0) continue;
      let at = front.length;
      while (at > 0 && before(t, front[at - 1]!) < 0) at -= 1;
      front.splice(at, 0, t);
      if (front.length > count) front.pop();
    }
    return front;
  }

  const peopleAhead = (ticketId: string): number | null => {
    const service = serviceOf.get(ticketId);
    const me = service === undefined ? undefined : byService.get(service)?.get(ticketId);
    if (service === undefined || !me) return null;
    let ahead = 0;
    for (const other of byService.get(service)!.values()) if (before(other, me) < 0) ahead += 1;
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
      const previousService = serviceOf.get(ticket.id);
      if (previousService !== undefined) touched.add(previousService);
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
      // Only the first N + 1 of a line can have N or fewer ahead of them.
      for (const serviceId of touched) {
        const front = frontOfLine(serviceId, ctx.peopleAheadThreshold + 1);
        for (const [ahead, waiting] of front.entries()) {
          if (!awaitingNAhead.has(waiting.id)) continue;
          awaitingNAhead.delete(waiting.id);
          out.push({
            ticketId: waiting.id,
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
