import { DEFAULT_SMS_SETTINGS, HallChange, type SmsSettings } from '@hallq/protocol';
import type { Logger } from 'pino';
import { createConsumerPump } from '../outbox/consumer-pump.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from '../outbox/retry-schedule.ts';
import type { LogEntry } from '../store/event-log.ts';
import type { PhoneBook } from './phone-book.ts';
import { notBeforeOf } from './quiet-hours.ts';
import { createQueueReplica, type SmsDecision } from './sms-decisions.ts';
import type { SmsSender } from './sms-sender.ts';
import type { NewSmsMessage, SmsMessageRow, SmsStore } from './sms-store.ts';
import { composeMessage, countSegments, renderTemplate } from './sms-text.ts';

export const SMS_CONSUMER = 'sms';

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
  readonly hall: SmsHall;
  readonly senders: Partial<Record<SmsSettings['sender'], SmsSender>>;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  readonly durableLogId: () => number;
  /** Writes in the hub's commit batch; false when storage refused (nothing was written). */
  readonly persist: (write: () => void) => boolean;
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
  deps.persist(() => deps.store.requeueInterrupted());
  for (const sender of Object.values(deps.senders)) {
    sender.onReceipt((receipt) => {
      const at = deps.clock();
      recordOutcome(() => deps.store.markReceipt(receipt.gatewayId, receipt.delivered, receipt.reason, at));
    });
  }

  const settings = () => deps.hall.settings() ?? DEFAULT_SMS_SETTINGS;

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

  function messageOf(decision: SmsDecision, entry: LogEntry, current: SmsSettings): NewSmsMessage | null {
    const template = current.templates[decision.kind];
    const phone = deps.phones.sealedOf(decision.ticketId);
    if (!template || !phone) return null;
    const language = phone.language === 'en' && template.en ? 'en' : 'zh';
    const text = composeMessage(
      current.signature,
      renderTemplate(template[language] ?? template.zh, {
        hall: deps.hall.hallName(language),
        link: deps.hall.ticketLink(decision.ticketId) ?? '',
        ...decision.variables,
      }),
    );
    const { segments } = countSegments(text);
    const now = deps.clock();
    const base = {
      ticketId: decision.ticketId,
      kind: decision.kind,
      entryId: entry.id,
      numberKey: phone.numberKey,
      masked: phone.masked,
      sealedPhone: phone.sealed,
      text,
      segments,
      businessDay: decision.businessDay,
      notBefore: notBeforeOf(decision.kind, now, current.quietHours, deps.hall.timeZone()),
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

  /** Decides messages for what became durable, in batches, each batch one transaction with the cursor. */
  function decide(): void {
    if (deciding) return;
    deciding = true;
    try {
      for (;;) {
        if (replica === null) rebuild();
        const current = settings();
        const entries = deps.outbox.readAfter(position, READ_LIMIT, deps.durableLogId());
        if (entries.length === 0) return;
        const messages: NewSmsMessage[] = [];
        const ctx = decisionContext(current);
        for (const entry of entries) {
          const change = changeOf(entry);
          if (!change) continue;
          const decisions = replica!.apply(change, ctx);
          if (!current.enabled) continue;
          for (const decision of decisions) {
            const message = messageOf(decision, entry, current);
            if (message) messages.push(message);
          }
        }
        const last = entries.at(-1)!.id;
        const written = deps.persist(() => {
          // The count reads this transaction's own inserts too: a batch cannot overrun the cap.
          for (const message of messages) {
            const before = deps.store.sentToNumberOn(message.numberKey, message.businessDay);
            const capped = message.status === 'queued' && before >= current.dailyCapPerNumber;
            deps.store.insert(
              capped
                ? {
                    ...message,
                    status: 'skipped',
                    reason: `daily cap of ${current.dailyCapPerNumber} reached`,
                  }
                : message,
            );
          }
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
    for (const row of rows) {
      const run = sendOne(row, sender)
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
