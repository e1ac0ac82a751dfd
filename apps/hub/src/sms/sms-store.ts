import type { SmsMessageKind } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';

export type SmsStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';

export interface SmsMessageRow {
  readonly id: number;
  /** The ticket the message is about, or null for a message about an appointment. */
  readonly ticket_id: string | null;
  /** The booking code of the appointment the message is about, or null for a message about a ticket. */
  readonly appointment_code: string | null;
  readonly kind: SmsMessageKind;
  readonly entry_id: number;
  readonly number_key: string;
  readonly masked: string;
  readonly sealed_phone: string | null;
  readonly text: string;
  readonly segments: number;
  readonly business_day: string;
  readonly status: SmsStatus;
  readonly attempts: number;
  readonly not_before: number;
  readonly gateway_id: string | null;
  readonly reason: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly handed_at: number | null;
}

export interface NewSmsMessage {
  /** Exactly one of the two: the ticket or the appointment (booking code) the message is about. */
  readonly ticketId: string | null;
  readonly appointmentCode: string | null;
  readonly kind: SmsMessageKind;
  readonly entryId: number;
  readonly numberKey: string;
  readonly masked: string;
  readonly sealedPhone: string;
  readonly text: string;
  readonly segments: number;
  readonly businessDay: string;
  readonly status: 'queued' | 'skipped' | 'failed';
  readonly notBefore: number;
  readonly reason: string | null;
  readonly now: number;
}

/** The SMS table: one row per decided message, its delivery status beside it. */
export function createSmsStore(db: HubDatabase) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO sms_messages (ticket_id, appointment_code, kind, entry_id, number_key, masked, sealed_phone, text,
      segments, business_day, status, attempts, not_before, reason, created_at, updated_at)
    VALUES (@ticketId, @appointmentCode, @kind, @entryId, @numberKey, @masked, @sealedPhone, @text, @segments, @businessDay,
      @status, 0, @notBefore, @reason, @now, @now)`);
  const appointmentMessage = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM sms_messages WHERE appointment_code = ? AND kind = ?',
  );
  const countForNumber = db.prepare<[string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM sms_messages WHERE number_key = ? AND business_day = ? AND status <> 'skipped'`,
  );
  const due = db.prepare<[number, number], SmsMessageRow>(
    `SELECT * FROM sms_messages WHERE status = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?`,
  );
  const nextDue = db.prepare<[], { at: number | null }>(
    `SELECT MIN(not_before) AS at FROM sms_messages WHERE status = 'queued'`,
  );
  const setSending = db.prepare<[number, number]>(
    `UPDATE sms_messages SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`,
  );
  const setSent = db.prepare<[string, number, number, number]>(
    `UPDATE sms_messages SET status = 'sent', gateway_id = ?, handed_at = ?, updated_at = ?, reason = NULL
     WHERE id = ? AND status = 'sending'`,
  );
  const setRetry = db.prepare<[number, string, number, number]>(
    `UPDATE sms_messages SET status = 'queued', not_before = ?, reason = ?, updated_at = ? WHERE id = ?`,
  );
  const setFailed = db.prepare<[string, number, number]>(
    `UPDATE sms_messages SET status = 'failed', reason = ?, updated_at = ? WHERE id = ?`,
  );
  const setReceipt = db.prepare<[string, string | null, number, string]>(
    `UPDATE sms_messages SET status = ?, reason = ?, updated_at = ?
     WHERE gateway_id = ? AND status IN ('sending', 'sent')`,
  );
  const requeueSending = db.prepare(`UPDATE sms_messages SET status = 'queued' WHERE status = 'sending'`);
  const failSending = db.prepare<[string, number]>(
    `UPDATE sms_messages SET status = 'failed', reason = ?, updated_at = ? WHERE status = 'sending'`,
  );
  const failedList = db.prepare<[number, number], SmsMessageRow>(
    `SELECT * FROM sms_messages WHERE status = 'failed' AND updated_at >= ? ORDER BY updated_at DESC LIMIT ?`,
  );
  const resendFailed = db.prepare<[number, number]>(
    `UPDATE sms_messages SET status = 'queued', not_before = ?, attempts = 0, reason = NULL
     WHERE id = ? AND status = 'failed' AND sealed_phone IS NOT NULL`,
  );
  const byStatus = db.prepare<[], { status: SmsStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM sms_messages GROUP BY status',
  );

  return {
    /** Records a decided message; a second decision for the same (ticket or appointment, kind) changes nothing. */
    insert(message: NewSmsMessage): boolean {
      return insert.run(message).changes === 1;
    },
    /** Whether an appointment's message of this kind was decided already (the reminder scan skips it). */
    hasAppointmentMessage: (code: string, kind: SmsMessageKind) =>
      appointmentMessage.get(code, kind) !== undefined,
    sentToNumberOn: (numberKey: string, businessDay: string) =>
      countForNumber.get(numberKey, businessDay)?.n ?? 0,
    due: (now: number, limit: number) => due.all(now, limit),
    nextDueAt: () => nextDue.get()?.at ?? null,
    markSending: (id: number, now: number) => setSending.run(now, id),
    markSent: (id: number, gatewayId: string, now: number) => setSent.run(gatewayId, now, now, id),
    markRetry: (id: number, notBefore: number, reason: string, now: number) =>
      setRetry.run(notBefore, reason.slice(0, 300), now, id),
    markFailed: (id: number, reason: string, now: number) => setFailed.run(reason.slice(0, 300), now, id),
    markReceipt: (gatewayId: string, delivered: boolean, reason: string | null, now: number) =>
      setReceipt.run(delivered ? 'delivered' : 'failed', reason?.slice(0, 300) ?? null, now, gatewayId),
    /**
     * After a restart: messages the last run was handing over when it stopped go again, with the same
     * reference, so a gateway that took them already recognises the repeat.
     */
    requeueInterrupted: () => requeueSending.run().changes,
    /**
     * After a restart, for a sender that cannot recognise a repeat: messages that may have gone are failed with
     * the reason, not sent twice; the admin's failures list shows them, to resend if the visitor did not get one.
     */
    failInterrupted: (reason: string, now: number) => failSending.run(reason, now).changes,
    failed: (since: number, limit: number) => failedList.all(since, limit),
    resend: (id: number, now: number) => resendFailed.run(now, id).changes === 1,
    counts(): Record<SmsStatus, number> {
      const out: Record<SmsStatus, number> = {
        queued: 0,
        sending: 0,
        sent: 0,
        delivered: 0,
        failed: 0,
        skipped: 0,
      };
      for (const row of byStatus.all()) out[row.status] = row.n;
      return out;
    },
  };
}

export type SmsStore = ReturnType<typeof createSmsStore>;
