import { CaseNumber, type ErrorBody, type TicketView } from '@hallq/protocol';
import type { HallService, Outcome } from './hall-service.ts';
import type { Actor } from './store/event-log.ts';

/** Who attaches: a clerk only to the ticket their own window holds; supervisors, admins and the 审批 system to any. */
export type CaseAttacher = { readonly kind: 'window'; readonly windowId: string } | { readonly kind: 'any' };

const fail = (code: ErrorBody['code'], message: string): Outcome<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * 办件 hand-off: the approval system's case number (办件编号) attached to a ticket. Stored with the ticket, logged
 * as `ticket:case-attached` in the hall stream (so the audit trail and webhooks carry it) and shown on every
 * later view of the ticket. Attaching again replaces the number (a mis-scan corrected); the log keeps both.
 */
export function createCaseDesk(deps: { hall: HallService }) {
  const { hall } = deps;

  /**
   * Attaches `caseNumber` to ticket `ticketId` on behalf of `actor`. The service the open API and the counter's
   * `ticket:attach-case` both call.
   */
  function attachCaseNumber(
    ticketId: string,
    caseNumber: string,
    actor: Actor,
    attacher: CaseAttacher = { kind: 'any' },
  ): Outcome<TicketView> {
    const parsed = CaseNumber.safeParse(caseNumber);
    if (!parsed.success) return fail('BAD_REQUEST', parsed.error.issues[0]?.message ?? 'invalid case number');
    const active = hall.state().tickets.get(ticketId);
    const ticket = active ?? hall.store.ticket(ticketId);
    if (!ticket) return fail('TICKET_NOT_FOUND', `没有这张票 (${ticketId}) · No such ticket`);
    if (attacher.kind === 'window') {
      const window = hall.state().windows[attacher.windowId];
      if (window?.currentTicketId !== ticketId) {
        return fail(
          'TICKET_NOT_FOR_WINDOW',
          '只能为本窗口正在办理的票登记办件编号 · Only for the ticket this window holds',
        );
      }
    }
    if (ticket.status === 'cancelled' || ticket.status === 'expired') {
      return fail('INVALID_TRANSITION', '此票已作废，不能登记办件 · This ticket was cancelled or expired');
    }
    const previous = hall.caseNumberOf(ticketId);
    if (previous === parsed.data) return { ok: true, value: hall.view(ticket) };
    const next = parsed.data;
    const view: TicketView = { ...hall.view(ticket), caseNumber: next };
    const outcome = hall.record(
      { type: 'ticket:case-attached', ticket: view, caseNumber: next, previousCaseNumber: previous },
      actor,
      () => {
        hall.store.saveCaseNumber(ticketId, next);
        // Only active tickets are kept in memory; an ended one is read from its row.
        if (active) hall.caseNumbers.set(ticketId, next);
      },
    );
    if (!outcome.ok) {
      if (active) {
        if (previous === null) hall.caseNumbers.delete(ticketId);
        else hall.caseNumbers.set(ticketId, previous);
      }
      return outcome;
    }
    return { ok: true, value: view };
  }

  return { attachCaseNumber };
}

export type CaseDesk = ReturnType<typeof createCaseDesk>;
