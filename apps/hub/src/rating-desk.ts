import { type Ack, errorAck, okAck, type RatingRequest, type TicketView } from '@hallq/protocol';
import type { HubDatabase } from './db/open-database.ts';
import type { HallService } from './hall-service.ts';
import type { Accounts } from './store/accounts.ts';
import type { Actor } from './store/event-log.ts';

/**
 * Ratings (好差评): after a ticket is finished the window's pad asks the visitor, once. A rating is accepted for
 * that ticket until the timeout; a ticket nobody rated in time is recorded as "not rated" (level NULL), never
 * given an invented value.
 */
export function createRatingDesk(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  clock: () => number;
  timeoutMs: number;
  sendRequest: (windowId: string, request: RatingRequest) => void;
}) {
  const { db, hall, accounts, clock, timeoutMs } = deps;
  const hasRating = db.prepare<[string], { level: number | null }>(
    'SELECT level FROM ratings WHERE ticket_id = ?',
  );
  const insert = db.prepare(
    'INSERT INTO ratings (ticket_id, window_id, clerk_id, level, tags, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  return {
    /** Asks the window's pad to rate a ticket just finished there. */
    onFinished(ticket: TicketView): void {
      if (!ticket.windowId || ticket.endedAt === null) return;
      const hallConfig = hall.hall();
      const window = hallConfig.windows.find((w) => w.id === ticket.windowId);
      const service = hallConfig.services.find((s) => s.id === ticket.serviceId);
      if (!window || !service) return;
      const clerk = ticket.clerkId ? accounts.user(ticket.clerkId) : null;
      deps.sendRequest(window.id, {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        windowId: window.id,
        windowNumber: window.number,
        serviceName: service.name,
        clerkName: clerk?.displayName ?? null,
        clerkStaffNumber: clerk?.staffNumber ?? null,
        expiresAt: ticket.endedAt + timeoutMs,
      });
    },
    submit(
      ticketId: string,
      windowId: string,
      input: { level: number; tags: string[]; comment: string },
      /** Who recorded it: the pad (device) that sent the rating, for the audit trail. */
      actor: Actor,
    ): Ack<Record<string, never>> {
      const ticket = hall.store.ticket(ticketId);
      if (!ticket || ticket.windowId !== windowId)
        return errorAck('NOT_FOUND', '没有可评价的办件 · Nothing to rate');
      if (ticket.status !== 'done' || ticket.endedAt === null) {
        return errorAck('RATING_CLOSED', '办理完成后才能评价 · Rate after the service is finished');
      }
      if (hasRating.get(ticketId)) return errorAck('ALREADY_RATED', '已评价 · Already rated');
      const now = clock();
      if (now > ticket.endedAt + timeoutMs)
        return errorAck('RATING_CLOSED', '评价已超时 · Rating time is over');
      // Reason tags belong to the two lowest levels (不满意, 非常不满意) only.
      const tags = input.level <= 2 ? input.tags : [];
      const outcome = hall.record({ type: 'rating:recorded', ticketId, windowId }, actor, () =>
        insert.run(ticketId, windowId, ticket.clerkId, input.level, JSON.stringify(tags), input.comment, now),
      );
      return outcome.ok ? okAck({}) : { ok: false, error: outcome.error };
    },
    /** Records "not rated" for every finished ticket whose rating time ran out. Returns how many. */
    sweep(): number {
      const now = clock();
      const due = db
        .prepare<
          [number, number],
          { id: string; window_id: string; clerk_id: string | null; ended_at: number }
        >(
          `SELECT id, window_id, clerk_id, ended_at FROM tickets
           WHERE status = 'done' AND ended_at < ? AND ended_at > ?
             AND NOT EXISTS (SELECT 1 FROM ratings WHERE ticket_id = tickets.id)`,
        )
        .all(now - timeoutMs, now - timeoutMs - 2 * 86_400_000);
      if (due.length === 0) return 0;
      db.transaction(() => {
        for (const t of due)
          insert.run(t.id, t.window_id, t.clerk_id, null, '[]', '', t.ended_at + timeoutMs);
      })();
      return due.length;
    },
  };
}

export type RatingDesk = ReturnType<typeof createRatingDesk>;
