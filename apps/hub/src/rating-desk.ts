import type { Ticket } from '@hallq/core';
import {
  type Ack,
  errorAck,
  isBadRating,
  okAck,
  type RatingChannel,
  type RatingRequest,
  type TicketView,
} from '@hallq/protocol';
import type { HubDatabase } from './db/open-database.ts';
import type { FollowUpDesk } from './follow-ups/follow-up-desk.ts';
import type { HallService } from './hall-service.ts';
import type { RatingRecords } from './rating-records.ts';
import type { Accounts } from './store/accounts.ts';
import type { Actor } from './store/event-log.ts';

/** A visitor may rate from the ticket's page until a day after the service (the pad asks for a minute only). */
export const QR_RATING_WINDOW_MS = 24 * 3_600_000;

/** Who records a rating from a ticket's page: no account, no device; the rating row's channel says "qr". */
const QR_ACTOR: Actor = { kind: 'system', id: null, deviceId: null };

/**
 * Ratings (好差评): after a ticket is finished the window's pad asks the visitor, once. A rating is accepted for
 * that ticket until the timeout; a ticket nobody rated in time is recorded as "not rated" (level NULL), never
 * given an invented value. Each rating is also a 好差评 record (see rating-records.ts), and a 不满意 or 非常不满意
 * one opens a follow-up.
 */
export function createRatingDesk(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  records: RatingRecords;
  followUps: FollowUpDesk;
  clock: () => number;
  timeoutMs: number;
  /** How long after the service a rating from the ticket's page is taken (default QR_RATING_WINDOW_MS). */
  qrWindowMs?: number;
  sendRequest: (windowId: string, request: RatingRequest) => void;
}) {
  const { db, hall, accounts, clock, timeoutMs } = deps;
  const qrWindowMs = deps.qrWindowMs ?? QR_RATING_WINDOW_MS;
  const hasRating = db.prepare<[string], { level: number | null }>(
    'SELECT level FROM ratings WHERE ticket_id = ?',
  );
  const insert = db.prepare(
    'INSERT INTO ratings (ticket_id, window_id, clerk_id, level, tags, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  const notRatedToRated = db.prepare(
    'UPDATE ratings SET level = ?, tags = ?, comment = ?, at = ? WHERE ticket_id = ? AND level IS NULL',
  );

  /** Writes one rating with its 好差评 record (and the follow-up of a 差评), in one transaction. */
  function recordRating(
    ticket: Ticket,
    windowId: string,
    input: { level: number; tags: string[]; comment: string },
    channel: RatingChannel,
    actor: Actor,
    now: number,
  ): Ack<Record<string, never>> {
    const ticketId = ticket.id;
    // Reason tags belong to the two lowest levels (不满意, 非常不满意) only.
    const tags = input.level <= 2 ? input.tags : [];
    const outcome = hall.record(
      { type: 'rating:recorded', ticketId, windowId },
      actor,
      () => {
        const replaced = notRatedToRated.run(input.level, JSON.stringify(tags), input.comment, now, ticketId);
        if (replaced.changes === 0)
          insert.run(
            ticketId,
            windowId,
            ticket.clerkId,
            input.level,
            JSON.stringify(tags),
            input.comment,
            now,
          );
        deps.records.fill(ticket, channel);
      },
      // A 差评 opens its follow-up (整改) in the same transaction: no bad rating without one.
      (at) => {
        if (isBadRating(input.level)) deps.followUps.openFor(ticket, input.level, at);
      },
    );
    return outcome.ok ? okAck({}) : { ok: false, error: outcome.error };
  }

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
      return recordRating(ticket, windowId, input, 'pad', actor, now);
    },
    /**
     * A rating from the ticket's page (扫码评价, channel "qr"): the same record as the pad's, one per ticket, taken
     * until `qrWindowMs` after the service. Whichever of the pad and the page rates first counts; the other is
     * refused (ALREADY_RATED). A "not rated" row the sweep wrote when the pad's time ran out is not a rating: the
     * page's rating takes its place.
     */
    submitQr(
      ticketId: string,
      input: { level: number; tags: string[]; comment: string },
    ): Ack<Record<string, never>> {
      const ticket = hall.store.ticket(ticketId);
      if (!ticket) return errorAck('NOT_FOUND', '没有可评价的办件 · Nothing to rate');
      if (ticket.status !== 'done' || ticket.endedAt === null || ticket.windowId === null) {
        return errorAck('RATING_CLOSED', '办理完成后才能评价 · Rate after the service is finished');
      }
      const given = hasRating.get(ticketId);
      if (given && given.level !== null) return errorAck('ALREADY_RATED', '已评价 · Already rated');
      const now = clock();
      if (now > ticket.endedAt + qrWindowMs)
        return errorAck('RATING_CLOSED', '评价已超时 · Rating time is over');
      return recordRating(ticket, ticket.windowId, input, 'qr', QR_ACTOR, now);
    },
    /** Whether a ticket's rating is given (by pad or page), and until when the page may still rate it. */
    qrRatingOf(ticketId: string, endedAt: number | null): { given: boolean; until: number | null } {
      const given = hasRating.get(ticketId);
      return {
        given: given !== undefined && given.level !== null,
        until: endedAt === null ? null : endedAt + qrWindowMs,
      };
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
