import { businessDayOf } from '@hallq/core';
import { DEFAULT_SMS_SETTINGS, HallChange, type SmsSettings } from '@hallq/protocol';
import type { Logger } from 'pino';
import { createConsumerPump } from '../outbox/consumer-pump.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from '../outbox/retry-schedule.ts';
import type { LogEntry } from '../store/event-log.ts';
import type { PhoneBook } from './phone-book.ts';
import { notBeforeOf } from './quiet-hours.ts';
import {
  appointmentVariables,
  decideAppointmentEntry,
  dueReminders,
  reminderRound,
  type SmsAppointments,
} from './sms-appointments.ts';
import { createQueueReplica, type SmsDecision } from './sms-decisions.ts';
import type { SmsSender } from './sms-sender.ts';
import type { NewSmsMessage, SmsMessageRow, SmsStore } from './sms-store.ts';
import { composeMessage, countSegments, renderTemplate, type SmsVariables } from './sms-text.ts';

export const SMS_CONSUMER = 'sms';

/** The number a message goes to, as a message row keeps it: sealed, with its cap key and masked form. */
type SealedPhone = NonNullable<ReturnType<PhoneBook['sealedOf']>>;

/** Why a message interrupted mid-send was not sent again (the admin's failures list shows it). */
export const INTERRUPTED_REASON =
  '发送中断，可能已发出，未重发 · interrupted while sending: it may have gone, so it was not sent again';

/** Messages handed to the sender at once; the rest wait their turn in the table. */
const MAX_IN_FLIGHT = 8;
const READ_LIMIT = 500;
/** A message that failed this many times in a row is given up (failed, with the last reason). */
const MAX_ATTEMPTS = 12;
/**
 * Send outcomes and delivery reports are written together, at most this long after the first of them or once
 * this many wait: a busy hour costs the hub's commit batch one write per batch, not one per message. A crash
 * before the write sends those messages again, with the same reference (as a crash mid-send does).
 */
const OUTCOME_FLUSH_MS = 50;
const OUTCOME_FLUSH_EVERY = 50;

export const SMS_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, capMs: 120_000 };

export interface SmsHall {
  settings(): SmsSettings | null;
  timeZone(): string;
  hallName(language: 'zh' | 'en'): string;
  serviceName(serviceId: string, language: 'zh' | 'en'): string;
  windowNumber(windowId: string): number | null;
  /** The ticket page of a ticket (the QR link), when the hall has one. */
  ticketLink(ticketId: string): string | null;
}

export interface SmsOutboxDeps {
  readonly outbox: Outbox;
  readonly store: SmsStore;
  readonly phones: PhoneBook;
  /** Appointments, for their confirmation, reminder and cancellation; without them none is decided. */
  readonly appointments?: SmsAppointments;
  readonly hall: SmsHall;
  readonly senders: Partial<Record<SmsSettings['sender'], SmsSender>>;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  readonly durableLogId: () => number;
  /** Writes in the hub's commit batch; false when storage refused (nothing was written). */
  readonly persist: (write: () => void) => boolean;
  /** Writes in the next commit batch, whenever that is (at most a second): nobody waits for it. */
  readonly persistSoon: (write: () => void) => void;
  /** Resolves true once every write so far is committed; false if the batch holding them was rolled back. */
  readonly settled: () => Promise<boolean>;
  /** The id of the last `day:changed` entry at or before an entry (where a replica rebuild starts). */
  readonly dayStartBefore: (entryId: number) => number;
  readonly retry?: RetryPolicy;
  readonly sendTimeoutMs?: number;
}

/**
 * The SMS consumer of the outbox. Two halves that never wait for each other:
 *
 * - deciding reads the durable log after its cursor, works out which visitor gets which message, and writes
 *   the messages and the moved cursor in one transaction: a message is decided once (unique per ticket and
 *   kind), and a crash before the write decides the same messages again from the same entries;
 * - sending hands queued messages to the hall's sender with the message's own reference, marks each sent,
 *   retried with back-off, or failed with the reason, and records delivery reports.
 *
 * Queue commands only append to the log; a dead gateway leaves messages queued and costs them nothing.
 */
export function createSmsOutbox(deps: SmsOutboxDeps) {
  const retry = deps.retry ?? SMS_RETRY_POLICY;
  const sendTimeoutMs = deps.sendTimeoutMs ?? 15_000;
  const closing = new AbortController();
  let closed = false;
  let replica: ReturnType<typeof createQueueReplica> | null = null;
  let position = 0;
  let deciding = false;
  const inFlight = new Map<number, Promise<void>>();
  const pump = createConsumerPump(() => {
    decide();
    send();
    scheduleNext();
  });
  const wake = pump.wake;
  let missingSenderLogged = false;

  const outcomes: (() => void)[] = [];
  let outcomeTimer: NodeJS.Timeout | null = null;
  /** Queues a status write; they go in order, so a receipt is written after the "sent" it follows. */
  function recordOutcome(write: () => void): void {
    outcomes.push(write);
    if (outcomes.length >= OUTCOME_FLUSH_EVERY) flushOutcomes();
    else if (outcomeTimer === null) {
      outcomeTimer = setTimeout(flushOutcomes, OUTCOME_FLUSH_MS);
      outcomeTimer.unref();
    }
  }
  function flushOutcomes(): void {
    if (outcomeTimer) clearTimeout(outcomeTimer);
    outcomeTimer = null;
    const batch = outcomes.splice(0);
    if (batch.length === 0) return;
    deps.persist(() => {
      for (const write of batch) write();
    });
    // Retries written just now may be due: look again.
    wake();
  }

  deps.outbox.registerAtEnd(SMS_CONSUMER, deps.clock());
  for (const sender of Object.values(deps.senders)) {
    sender.onReceipt((receipt) => {
      const at = deps.clock();
      recordOutcome(() => deps.store.markReceipt(receipt.gatewayId, receipt.delivered, receipt.reason, at));
    });
  }

  const settings = () => deps.hall.settings() ?? DEFAULT_SMS_SETTINGS;
  // Messages the last run was handing over when it stopped may or may not have gone. Handed over again with the
  // same reference, a gateway that drops repeats delivers each once; SMPP or a modem would send it twice, so
  // there they are failed, with the reason, and wait for the admin (no message is sent twice).
  const interruptedSender = deps.senders[settings().sender];
  deps.persist(() =>
    interruptedSender?.dropsRepeats === false
      ? deps.store.failInterrupted(INTERRUPTED_REASON, deps.clock())
      : deps.store.requeueInterrupted(),
  );

  function decisionContext(current: SmsSettings) {
    return {
      hasPhone: (ticketId: string) => deps.phones.sealedOf(ticketId) !== null,
      windowNumber: deps.hall.windowNumber,
      serviceName: (serviceId: string) => deps.hall.serviceName(serviceId, 'zh'),
      peopleAheadThreshold: current.peopleAheadThreshold,
    };
  }

  const changeOf = (entry: LogEntry): HallChange | null => {
    if (!entry.type.startsWith('ticket:') && entry.type !== 'day:changed') return null;
    const parsed = HallChange.safeParse(JSON.parse(entry.payload));
    return parsed.success ? parsed.data : null;
  };

  /** The replica as it was at the cursor: the business day's entries up to it, replayed without sending. */
  function rebuild(): void {
    const fresh = createQueueReplica();
    const cursor = deps.outbox.cursor(SMS_CONSUMER);
    const ctx = decisionContext(settings());
    let at = Math.max(0, deps.dayStartBefore(cursor) - 1);
    for (;;) {
      const entries = deps.outbox.readAfter(at, READ_LIMIT, cursor);
      if (entries.length === 0) break;
      for (const entry of entries) {
        const change = changeOf(entry);
        if (change) fresh.apply(change, ctx);
        at = entry.id;
      }
    }
    replica = fresh;
    position = cursor;
  }

  /** A decided message rendered for its row: queued, or failed at once when it is over the hall's length. */
  function compose(
    subject: { readonly ticketId: string | null; readonly appointmentCode: string | null },
    kind: SmsDecision['kind'],
    variables: SmsVariables,
    phone: SealedPhone,
    businessDay: string,
    entryId: number,
    current: SmsSettings,
  ): NewSmsMessage | null {
    const template = current.templates[kind];
    if (!template) return null;
    const language = phone.language === 'en' && template.en ? 'en' : 'zh';
    const text = composeMessage(
      current.signature,
      renderTemplate(template[language] ?? template.zh, {
        hall: deps.hall.hallName(language),
        link: subject.ticketId === null ? '' : (deps.hall.ticketLink(subject.ticketId) ?? ''),
        ...variables,
      }),
    );
    const { segments } = countSegments(text);
    const now = deps.clock();
    const base = {
      ...subject,
      kind,
      entryId,
      numberKey: phone.numberKey,
      masked: phone.masked,
      sealedPhone: phone.sealed,
      text,
      segments,
      businessDay,
      notBefore: notBeforeOf(kind, now, current.quietHours, deps.hall.timeZone()),
      now,
    };
    if (segments > current.maxSegments)
      return {
        ...base,
        status: 'failed',
        reason: `too long: ${segments} segments (at most ${current.maxSegments})`,
      };
    return { ...base, status: 'queued', reason: null };
  }

  function messageOf(decision: SmsDecision, entry: LogEntry, current: SmsSettings): NewSmsMessage | null {
    const phone = deps.phones.sealedOf(decision.ticketId);
    if (!phone) return null;
    return compose(
      { ticketId: decision.ticketId, appointmentCode: null },
      decision.kind,
      decision.variables,
      phone,
      decision.businessDay,
      entry.id,
      current,
    );
  }

  /**
   * An appointment's message. The number is opened from the appointment's seal (the appointments module's own
   * accessor) and sealed again under the phone book's key for the row: the log never holds it. It counts
   * against the number's cap on the day it is decided (the hall's business day now).
   */
  function appointmentMessageOf(
    code: string,
    kind: SmsDecision['kind'],
    variables: SmsVariables,
    entryId: number,
    current: SmsSettings,
  ): NewSmsMessage | null {
    if (!current.templates[kind] || !deps.appointments) return null;
    const phone = deps.appointments.phoneOf(code);
    if (phone === null) return null;
    return compose(
      { ticketId: null, appointmentCode: code },
      kind,
      variables,
      deps.phones.sealForMessage(phone, 'zh'),
      businessDayOf(deps.clock(), deps.hall.timeZone()),
      entryId,
      current,
    );
  }

  /** Writes decided messages (inside the caller's transaction), each over the number's daily cap skipped. */
  function insertCapped(messages: readonly NewSmsMessage[], current: SmsSettings): void {
    // The count reads this transaction's own inserts too: a batch cannot overrun the cap.
    for (const message of messages) {
      const before = deps.store.sentToNumberOn(message.numberKey, message.businessDay);
      const capped = message.status === 'queued' && before >= current.dailyCapPerNumber;
      deps.store.insert(
        capped
          ? { ...message, status: 'skipped', reason: `daily cap of ${current.dailyCapPerNumber} reached` }
          : message,
      );
    }
  }

  let cursorMovePending = false;
  function moveCursorSoon(): void {
    if (cursorMovePending) return;
    cursorMovePending = true;
    deps.persistSoon(() => {
      cursorMovePending = false;
      deps.outbox.advance(SMS_CONSUMER, position, deps.clock());
    });
  }

  /** Decides messages for what became durable, in batches, each batch one transaction with the cursor. */
  function decide(): void {
    if (deciding) return;
    deciding = true;
    try {
      for (;;) {
        const current = settings();
        if (!current.enabled) {
          // Nothing is sent while text messages are off: the cursor follows the log unread (no entry parsed per
          // command), and the replica is built afresh from the day's log when they are turned on.
          const end = deps.durableLogId();
          if (end > position) {
            position = end;
            replica = null;
            moveCursorSoon();
          }
          return;
        }
        if (replica === null) rebuild();
        const entries = deps.outbox.readAfter(position, READ_LIMIT, deps.durableLogId());
        if (entries.length === 0) return;
        const messages: NewSmsMessage[] = [];
        const ctx = decisionContext(current);
        for (const entry of entries) {
          const appointment = deps.appointments
            ? decideAppointmentEntry(entry, deps.appointments, (serviceId) =>
                deps.hall.serviceName(serviceId, 'zh'),
              )
            : null;
          if (appointment) {
            const message = appointmentMessageOf(
              appointment.appointmentCode,
              appointment.kind,
              appointment.variables,
              entry.id,
              current,
            );
            if (message) messages.push(message);
            continue;
          }
          const change = changeOf(entry);
          if (!change) continue;
          const decisions = replica!.apply(change, ctx);
          for (const decision of decisions) {
            const message = messageOf(decision, entry, current);
            if (message) messages.push(message);
          }
        }
        const last = entries.at(-1)!.id;
        if (messages.length === 0) {
          // Nothing to send: the cursor moves with the next batch the hall commits instead of one of its own
          // (a batch per command would double every command's fsyncs). A crash before that decides the same
          // entries again, and they again need nothing.
          position = last;
          moveCursorSoon();
          continue;
        }
        const written = deps.persist(() => {
          insertCapped(messages, current);
          deps.outbox.advance(SMS_CONSUMER, last, deps.clock());
        });
        if (!written) {
          // Nothing was kept: the replica ran ahead of the cursor and is rebuilt on the next wake.
          replica = null;
          return;
        }
        position = last;
      }
    } catch (error) {
      replica = null;
      deps.logger.error({ err: error }, 'sms: deciding messages failed');
    } finally {
      deciding = false;
    }
  }

  /** The reminder round last done in full (day and hour), so later ticks of the evening read nothing. */
  let remindedRound: string | null = null;

  /**
   * The day-before reminders, driven by the clock (the hub's tick): from `reminderAt` on, every appointment of
   * tomorrow booked before that hour gets one, once (unique per appointment and kind, across restarts); the
   * quiet hours hold it back. Reminder rows have no log entry behind them (entry id 0).
   */
  function remindAppointments(): void {
    if (closed || !deps.appointments) return;
    const current = settings();
    if (!current.enabled || !current.templates['appointment-reminder']) return;
    const round = reminderRound(deps.clock(), current.reminderAt, deps.hall.timeZone());
    if (round === null) return;
    const key = `${round.day} ${current.reminderAt}`;
    if (remindedRound === key) return;
    try {
      const appointments = deps.appointments;
      const due = dueReminders(round, appointments, (code) =>
        deps.store.hasAppointmentMessage(code, 'appointment-reminder'),
      );
      const messages: NewSmsMessage[] = [];
      for (const a of due) {
        const message = appointmentMessageOf(
          a.id,
          'appointment-reminder',
          appointmentVariables(a, deps.hall.serviceName(a.serviceId, 'zh')),
          0,
          current,
        );
        if (message) messages.push(message);
      }
      if (messages.length > 0 && !deps.persist(() => insertCapped(messages, current))) return;
      remindedRound = key;
      if (messages.length > 0) wake();
    } catch (error) {
      deps.logger.error({ err: error }, 'sms: deciding reminders failed');
    }
  }

  async function sendOne(row: SmsMessageRow, sender: SmsSender): Promise<void> {
    let phone: string;
    try {
      if (row.sealed_phone === null) throw new Error('the number was purged');
      phone = deps.phones.open(row.sealed_phone);
    } catch (error) {
      deps.persist(() => deps.store.markFailed(row.id, `number unreadable: ${String(error)}`, deps.clock()));
      return;
    }
    const signal = AbortSignal.any([AbortSignal.timeout(sendTimeoutMs), closing.signal]);
    const outcome = await sender
      .send({ reference: `hallq-sms-${row.id}`, phone, text: row.text }, signal)
      .catch((error: unknown): { ok: false; retry: boolean; reason: string } => ({
        ok: false,
        retry: true,
        reason: error instanceof Error ? error.message : String(error),
      }));
    // Closing mid-send: the message stays 'sending' and goes again (same reference) after the restart.
    if (closed) return;
    const now = deps.clock();
    const delay = retryDelayMs(row.attempts + 1, deps.random(), retry);
    recordOutcome(() => {
      if (outcome.ok) deps.store.markSent(row.id, outcome.gatewayId, now);
      else if (!outcome.retry || row.attempts + 1 >= MAX_ATTEMPTS)
        deps.store.markFailed(row.id, outcome.reason, now);
      else deps.store.markRetry(row.id, now + delay, outcome.reason, now);
    });
    if (!outcome.ok)
      deps.logger.warn(
        { sms: row.id, to: row.masked, attempt: row.attempts + 1, reason: outcome.reason },
        'sms: not sent',
      );
  }

  function send(): void {
    if (closed) return;
    const current = settings();
    const sender = deps.senders[current.sender];
    if (!sender) {
      if (!missingSenderLogged && deps.store.nextDueAt() !== null)
        deps.logger.warn(
          { sender: current.sender },
          'sms: the chosen sender is not configured; messages wait',
        );
      missingSenderLogged = true;
      return;
    }
    const room = MAX_IN_FLIGHT - inFlight.size;
    if (room <= 0) return;
    const now = deps.clock();
    const rows = deps.store
      .due(now, room + inFlight.size)
      .filter((r) => !inFlight.has(r.id))
      .slice(0, room);
    if (rows.length === 0) return;
    const marked = deps.persist(() => {
      for (const row of rows) deps.store.markSending(row.id, now);
    });
    if (!marked) return;
    // The 'sending' marks are committed before any message is handed over, so after a kill a message that may
    // have gone is known as such (and a sender that cannot recognise a repeat is never handed it twice). Rolled
    // back, the rows are still queued and go at the next look.
    const committed = deps.settled();
    for (const row of rows) {
      const run = committed
        .then((ok) => (ok && !closed ? sendOne(row, sender) : undefined))
        .catch((error: unknown) => deps.logger.error({ err: error, sms: row.id }, 'sms: send failed'))
        .finally(() => {
          inFlight.delete(row.id);
          wake();
        });
      inFlight.set(row.id, run);
    }
  }

  function scheduleNext(): void {
    // A send that ends wakes the outbox itself; with no room, or no sender, a timer would only spin.
    const waits = inFlight.size >= MAX_IN_FLIGHT || !deps.senders[settings().sender];
    pump.wakeAt(waits ? null : deps.store.nextDueAt(), deps.clock());
  }

  return {
    /** More of the log is durable, a retry is due, or a send finished. */
    wake,
    /** The hub's tick: decides the day-before appointment reminders once their hour has come. */
    remindAppointments,
    /** Resolves once every durable entry has been decided on, whatever the senders are doing (tests). */
    async caughtUp(): Promise<void> {
      while (pump.queued() || deps.outbox.readAfter(position, 1, deps.durableLogId()).length > 0) {
        wake();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /** Resolves once nothing is left to decide and nothing is being sent or due now (tests, shutdown). */
    async idle(): Promise<void> {
      for (;;) {
        while (pump.queued() || inFlight.size > 0) {
          await Promise.all([...inFlight.values()]);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (outcomes.length > 0) {
          flushOutcomes();
          continue;
        }
        const behind = deps.outbox.readAfter(position, 1, deps.durableLogId()).length > 0;
        const due =
          deps.store.due(deps.clock(), 1).length > 0 && deps.senders[settings().sender] !== undefined;
        if (!behind && !due) return;
        wake();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async close(): Promise<void> {
      closed = true;
      pump.close();
      closing.abort();
      await Promise.all([...inFlight.values()]);
      flushOutcomes();
      await Promise.all(Object.values(deps.senders).map((s) => s.close()));
    },
  };
}

export type SmsOutbox = ReturnType<typeof createSmsOutbox>;
