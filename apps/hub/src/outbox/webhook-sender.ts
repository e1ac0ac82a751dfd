import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { Outbox } from './outbox.ts';
import { DEFAULT_RETRY_POLICY, isFailing, type RetryPolicy, retryDelayMs } from './retry-schedule.ts';
import { type WebhookLookups, webhookPayloadOf } from './webhook-events.ts';
import { type WebhookStore, type WebhookSubscription, webhookConsumer } from './webhook-store.ts';

/** What an HTTP POST came back with: a status code, or the reason there was none (refused, timed out). */
export type PostOutcome = { readonly status: number } | { readonly error: string };

export type PostWebhook = (
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  /** Aborted when the hub closes: a hanging receiver must not hold the hub's shutdown. */
  closing: AbortSignal,
) => Promise<PostOutcome>;

/** The real POST, with Node's fetch; any failure to get an answer becomes `{ error }`, never a throw. */
export const postWithFetch: PostWebhook = async (url, body, headers, timeoutMs, closing) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing]),
      redirect: 'manual',
    });
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    return { error: cause || 'no answer' };
  }
};

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

/** The `webhook-id` of a log entry: the same on every retry, so a receiver can recognise a repeat. */
export const webhookIdOf = (entryId: number): string => `msg_hallq_${entryId}`;

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
  let timer: NodeJS.Timeout | null = null;
  let pumpQueued = false;
  let closed = false;
  const closing = new AbortController();

  async function deliver(sub: WebhookSubscription, secret: string): Promise<'drained' | 'failed' | 'more'> {
    const consumer = webhookConsumer(sub.id);
    const entries = deps.outbox.read(consumer, readLimit, deps.durableLogId());
    if (entries.length === 0) return 'drained';
    const signer = new Webhook(secret);
    let skippedTo: number | null = null;
    for (const entry of entries) {
      if (closed) return 'failed';
      const payload = webhookPayloadOf(entry, deps.lookups);
      if (payload === null || !sub.eventTypes.includes(payload.type)) {
        skippedTo = entry.id;
        continue;
      }
      if (skippedTo !== null) {
        const to = skippedTo;
        deps.persist(() => deps.outbox.advance(consumer, to, deps.clock()));
        skippedTo = null;
      }
      const webhookId = webhookIdOf(entry.id);
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
      if (closed) return 'failed';
      const durationMs = Math.round(performance.now() - started);
      const now = deps.clock();
      const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
      const current = deps.store.get(sub.id);
      if (current === null) return 'failed'; // removed meanwhile
      const failures = ok ? 0 : current.failures + 1;
      const failingSince = ok ? null : (current.failingSince ?? now);
      deps.persist(() => {
        deps.store.recordDelivery({
          subscriptionId: sub.id,
          entryId: entry.id,
          webhookId,
          eventType: payload.type,
          // Failures in a row are all for this entry (a failure stops the subscription), so this is its try N.
          attempt: current.failures + 1,
          at: now,
          statusCode: 'status' in outcome ? outcome.status : null,
          error: 'error' in outcome ? outcome.error.slice(0, 300) : null,
          durationMs,
        });
        if (ok) deps.outbox.advance(consumer, entry.id, now);
        deps.store.setDeliveryState(sub.id, {
          failures,
          failingSince,
          nextAttemptAt: ok ? 0 : now + retryDelayMs(failures, deps.random(), retry),
          status: ok ? 'active' : isFailing(failingSince, now, retry) ? 'failing' : current.status,
        });
      });
      if (!ok) {
        deps.logger.warn(
          { subscription: sub.id, entry: entry.id, outcome, failures },
          'webhook delivery failed; will retry',
        );
        return 'failed';
      }
    }
    if (skippedTo !== null) {
      const to = skippedTo;
      deps.persist(() => deps.outbox.advance(consumer, to, deps.clock()));
    }
    return 'more';
  }

  /** One subscription until it is up to date or fails; never two at once for the same subscription. */
  function drain(sub: WebhookSubscription): Promise<void> {
    const running = draining.get(sub.id);
    if (running) return running;
    const run = (async () => {
      const secret = deps.store.secretOf(sub.id);
      for (;;) {
        if (closed) return;
        const fresh = deps.store.get(sub.id);
        if (fresh === null || fresh.nextAttemptAt > deps.clock()) return;
        if ((await deliver(fresh, secret)) !== 'more') return;
      }
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

  function pump(): void {
    pumpQueued = false;
    if (closed) return;
    const now = deps.clock();
    for (const sub of deps.store.list()) {
      if (sub.nextAttemptAt <= now) void drain(sub);
    }
    scheduleRetries();
  }

  /** A timer for the earliest back-off that ends, so a failed subscription is tried again without a new event. */
  function scheduleRetries(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const now = deps.clock();
    const waiting = deps.store.list().filter((s) => s.failures > 0 && !draining.has(s.id));
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((s) => s.nextAttemptAt));
    timer = setTimeout(wake, Math.max(0, next - now));
    timer.unref();
  }

  function wake(): void {
    if (pumpQueued || closed) return;
    pumpQueued = true;
    setImmediate(pump);
  }

  return {
    /** Something new is durable (or a subscription changed): deliver what is due. */
    wake,
    /** Resolves once no subscription is being drained (for tests and shutdown). */
    async idle(): Promise<void> {
      while (draining.size > 0 || pumpQueued) {
        await Promise.all([...draining.values()]);
        if (pumpQueued) await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async close(): Promise<void> {
      closed = true;
      closing.abort();
      if (timer) clearTimeout(timer);
      await Promise.all([...draining.values()]);
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
