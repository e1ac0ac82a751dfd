import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { createConsumerPump } from './consumer-pump.ts';
import { type HttpPost, postJsonWithFetch } from './http-post.ts';
import type { Outbox } from './outbox.ts';
import { DEFAULT_RETRY_POLICY, isFailing, type RetryPolicy, retryDelayMs } from './retry-schedule.ts';
import { type WebhookLookups, webhookPayloadOf } from './webhook-events.ts';
import {
  type DeliveryRecord,
  type WebhookStore,
  type WebhookSubscription,
  webhookConsumer,
} from './webhook-store.ts';

type DeliveryState = Parameters<WebhookStore['setDeliveryState']>[1];

/** Progress of a drain is written at least this often, and after this many deliveries. */
const FLUSH_MS = 200;
const FLUSH_EVERY = 100;

/** What an HTTP POST came back with: a status code, or the reason there was none (refused, timed out). */
export type PostOutcome = { readonly status: number } | { readonly error: string };

export type PostWebhook = HttpPost<PostOutcome>;

/** The real POST (the receiver's body is read and dropped). */
export const postWithFetch: PostWebhook = postJsonWithFetch;

export interface WebhookSenderDeps {
  readonly outbox: Outbox;
  readonly store: WebhookStore;
  readonly lookups: WebhookLookups;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  /** The last durable log entry: nothing after it is sent. */
  readonly durableLogId: () => number;
  /** Writes cursors and delivery records in the hub's commit batch. */
  readonly persist: (write: () => void) => void;
  readonly post?: PostWebhook;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Entries read per step; each is sent and acknowledged in order before the next. */
  readonly readLimit?: number;
}

/**
 * The `webhook-id` of a log entry: the same on every retry, so a receiver can recognise a repeat. It carries the
 * start of the entry's chain hash as well as its id: after storage lost acknowledged commits, the hub's next
 * entries take the lost ids again (the chain needs consecutive ids), and a receiver that already had the lost
 * ones must not drop the new ones as repeats.
 */
export const webhookIdOf = (entry: { readonly id: number; readonly hash: string }): string =>
  `msg_hallq_${entry.id}_${entry.hash.slice(0, 16)}`;

/**
 * Delivers the log to each webhook subscription, in log order, at least once. Each subscription drains on its
 * own (a dead receiver holds up only its own subscription): read entries after its cursor, skip those it did not
 * subscribe to, POST the rest one at a time, move the cursor on a 2xx. A failure stops that subscription until
 * its back-off ends; the entry is sent again then, with the same `webhook-id`.
 */
export function createWebhookSender(deps: WebhookSenderDeps) {
  const post = deps.post ?? postWithFetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const retry = deps.retry ?? DEFAULT_RETRY_POLICY;
  const readLimit = deps.readLimit ?? 50;
  const draining = new Map<string, Promise<void>>();
  let closed = false;
  const closing = new AbortController();

  /** Subscriptions an admin rewound (replay) while they were draining: their drain re-reads its cursor. */
  const rewound = new Set<string>();

  /**
   * Cursor moves and delivery records of one drain, written together in the hub's commit batch at most every
   * FLUSH_MS or FLUSH_EVERY deliveries, and at once after a failure: a delivery then costs a POST, not a POST and
   * an fsync. A crash loses at most that much progress, and those entries go again with the same ids.
   */
  function writeBuffer(sub: WebhookSubscription) {
    const consumer = webhookConsumer(sub.id);
    let advanceTo: number | null = null;
    const records: DeliveryRecord[] = [];
    let state: DeliveryState | null = null;
    let lastFlush = performance.now();
    const flush = () => {
      lastFlush = performance.now();
      // A replay rewound the cursor: progress made before it must not move it forward again.
      if (rewound.has(sub.id)) advanceTo = null;
      if (advanceTo === null && records.length === 0 && state === null) return;
      const [to, batch, next] = [advanceTo, records.splice(0), state];
      advanceTo = null;
      state = null;
      deps.persist(() => {
        for (const record of batch) deps.store.recordDelivery(record);
        if (batch.length > 0) deps.store.trimDeliveryLog(sub.id);
        if (to !== null) deps.outbox.advance(consumer, to, deps.clock());
        if (next !== null) deps.store.setDeliveryState(sub.id, next);
      });
    };
    return {
      advance(to: number) {
        advanceTo = to;
      },
      record(record: DeliveryRecord) {
        records.push(record);
      },
      state(next: DeliveryState) {
        state = next;
      },
      flush,
      flushIfDue() {
        if (records.length >= FLUSH_EVERY || performance.now() - lastFlush >= FLUSH_MS) flush();
      },
    };
  }

  /** Sends what is due to one subscription, until it is up to date or a delivery fails. */
  async function deliverAll(sub: WebhookSubscription, secret: string): Promise<void> {
    const consumer = webhookConsumer(sub.id);
    const signer = new Webhook(secret);
    const writes = writeBuffer(sub);
    let position = deps.outbox.cursor(consumer);
    let failures = sub.failures;
    let failingSince = sub.failingSince;
    try {
      for (;;) {
        if (rewound.delete(sub.id)) {
          writes.flush();
          position = deps.outbox.cursor(consumer);
        }
        const entries = deps.outbox.readAfter(position, readLimit, deps.durableLogId());
        if (entries.length === 0) return;
        for (const entry of entries) {
          if (closed || rewound.has(sub.id)) break;
          const payload = webhookPayloadOf(entry, deps.lookups);
          if (payload === null || !sub.eventTypes.includes(payload.type)) {
            position = entry.id;
            writes.advance(position);
            continue;
          }
          const webhookId = webhookIdOf(entry);
          const body = JSON.stringify(payload);
          const sentAt = new Date(deps.clock());
          const headers = {
            'webhook-id': webhookId,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signer.sign(webhookId, sentAt, body),
          };
          const started = performance.now();
          const outcome = await post(sub.url, body, headers, timeoutMs, closing.signal);
          // Closing mid-request: the entry stays unacknowledged and goes again after the restart.
          if (closed) return;
          const now = deps.clock();
          const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
          writes.record({
            subscriptionId: sub.id,
            entryId: entry.id,
            webhookId,
            eventType: payload.type,
            // Failures in a row are all for this entry (a failure stops the subscription), so this is its try N.
            attempt: failures + 1,
            at: now,
            statusCode: 'status' in outcome ? outcome.status : null,
            error: 'error' in outcome ? outcome.error.slice(0, 300) : null,
            durationMs: Math.round(performance.now() - started),
          });
          if (ok) {
            position = entry.id;
            writes.advance(position);
            if (failures > 0) {
              failures = 0;
              failingSince = null;
              writes.state({ failures: 0, failingSince: null, nextAttemptAt: 0, status: 'active' });
            }
            writes.flushIfDue();
            continue;
          }
          failures += 1;
          failingSince = failingSince ?? now;
          writes.state({
            failures,
            failingSince,
            nextAttemptAt: now + retryDelayMs(failures, deps.random(), retry),
            status: isFailing(failingSince, now, retry) ? 'failing' : sub.status,
          });
          deps.logger.warn(
            { subscription: sub.id, entry: entry.id, outcome, failures },
            'webhook delivery failed; will retry',
          );
          return;
        }
        if (closed) return;
      }
    } finally {
      writes.flush();
    }
  }

  /** One subscription until it is up to date or fails; never two at once for the same subscription. */
  function drain(sub: WebhookSubscription): Promise<void> {
    const running = draining.get(sub.id);
    if (running) return running;
    const run = (async () => {
      if (closed) return;
      const fresh = deps.store.get(sub.id);
      if (fresh === null || fresh.nextAttemptAt > deps.clock()) return;
      await deliverAll(fresh, deps.store.secretOf(sub.id));
    })()
      .catch((error: unknown) =>
        deps.logger.error({ err: error, subscription: sub.id }, 'webhook sender failed'),
      )
      .finally(() => {
        draining.delete(sub.id);
        scheduleRetries();
      });
    draining.set(sub.id, run);
    return run;
  }

  /** Drains every subscription whose back-off has ended. */
  function deliverDue(): void {
    const now = deps.clock();
    for (const sub of deps.store.list()) {
      if (sub.nextAttemptAt <= now) void drain(sub);
    }
    scheduleRetries();
  }

  /** A timer for the earliest back-off that ends, so a failed subscription is tried again without a new event. */
  function scheduleRetries(): void {
    const waiting = deps.store.list().filter((s) => s.failures > 0 && !draining.has(s.id));
    pump.wakeAt(waiting.length === 0 ? null : Math.min(...waiting.map((s) => s.nextAttemptAt)), deps.clock());
  }

  const pump = createConsumerPump(deliverDue);
  const wake = pump.wake;

  return {
    /** Something new is durable (or a subscription changed): deliver what is due. */
    wake,
    /** The subscription's cursor was set back (replay): a drain under way starts again from it. */
    rewind(subscriptionId: string): void {
      if (draining.has(subscriptionId)) rewound.add(subscriptionId);
      wake();
    },
    /** Resolves once no subscription is being drained (for tests and shutdown). */
    async idle(): Promise<void> {
      while (draining.size > 0 || pump.queued()) {
        await Promise.all([...draining.values()]);
        if (pump.queued()) await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async close(): Promise<void> {
      closed = true;
      pump.close();
      closing.abort();
      await Promise.all([...draining.values()]);
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
