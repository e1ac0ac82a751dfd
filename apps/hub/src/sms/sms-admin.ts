import type { SmsFailures, SmsMessageKind } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService } from '../hall-service.ts';
import type { Actor } from '../store/event-log.ts';
import type { SmsStore } from './sms-store.ts';

export type SmsAdminOutcome =
  | { ok: true }
  | { ok: false; code: 'NOT_FOUND' | 'STORAGE_FAILURE'; message: string };

/** What the admin console sees of text messages: the failed ones (numbers masked) and a resend, audited. */
export function createSmsAdmin(deps: {
  db: HubDatabase;
  store: SmsStore;
  hall: HallService;
  clock: () => number;
  senderConfigured: (kind: string) => boolean;
  wake: () => void;
}) {
  const resendable = deps.db.prepare<[number], { id: number }>(
    "SELECT id FROM sms_messages WHERE id = ? AND status = 'failed' AND sealed_phone IS NOT NULL",
  );
  const numberOf = deps.db.prepare<[string], { number: string }>('SELECT number FROM tickets WHERE id = ?');
  return {
    failures(limit: number): SmsFailures {
      const kind = deps.hall.hall().sms?.sender ?? 'http';
      return {
        failures: deps.store.failed(0, limit).map((row) => ({
          id: row.id,
          kind: row.kind as SmsMessageKind,
          ticketNumber: row.ticket_id === null ? null : (numberOf.get(row.ticket_id)?.number ?? null),
          businessDay: row.business_day,
          maskedPhone: row.masked,
          text: row.text,
          reason: row.reason,
          attempts: row.attempts,
          updatedAt: row.updated_at,
          resendable: row.sealed_phone !== null,
        })),
        counts: deps.store.counts(),
        sender: { kind, configured: deps.senderConfigured(kind) },
      };
    },
    resend(messageId: number, actor: Actor): SmsAdminOutcome {
      if (!resendable.get(messageId))
        return {
          ok: false,
          code: 'NOT_FOUND',
          message: '没有可重发的这条短信 · No such failed message to resend',
        };
      const outcome = deps.hall.audit('sms:resend', actor, { messageId }, () => {
        deps.store.resend(messageId, deps.clock());
      });
      if (!outcome.ok) return { ok: false, code: 'STORAGE_FAILURE', message: outcome.error.message };
      deps.wake();
      return { ok: true };
    },
  };
}

export type SmsAdmin = ReturnType<typeof createSmsAdmin>;
