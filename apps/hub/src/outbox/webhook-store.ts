import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { SecretBox } from '../privacy/secret-box.ts';

export type SubscriptionStatus = 'active' | 'failing';

export interface WebhookSubscription {
  readonly id: string;
  readonly clientId: string | null;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly status: SubscriptionStatus;
  /** Failed attempts in a row; 0 when the last attempt succeeded. */
  readonly failures: number;
  readonly failingSince: number | null;
  readonly nextAttemptAt: number;
  readonly createdAt: number;
}

export interface DeliveryRecord {
  readonly subscriptionId: string;
  readonly entryId: number;
  readonly webhookId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly at: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

interface SubscriptionRow {
  id: string;
  client_id: string | null;
  url: string;
  event_types: string;
  secret_sealed: string;
  status: SubscriptionStatus;
  failures: number;
  failing_since: number | null;
  next_attempt_at: number;
  created_at: number;
}

const subscriptionOf = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  clientId: r.client_id,
  url: r.url,
  eventTypes: JSON.parse(r.event_types) as WebhookEventType[],
  status: r.status,
  failures: r.failures,
  failingSince: r.failing_since,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
});

/** Attempts kept per subscription in the delivery log. */
export const DELIVERY_LOG_LIMIT = 200;

/** The consumer name of a subscription in the outbox. */
export const webhookConsumer = (subscriptionId: string): string => `webhook:${subscriptionId}`;

/** Webhook subscriptions and their delivery log, in the hub's database. */
export function createWebhookStore(db: HubDatabase, secrets: SecretBox) {
  const byId = db.prepare<[string], SubscriptionRow>(
    'SELECT * FROM webhook_subscriptions WHERE id = ? AND deleted_at IS NULL',
  );
  const live = db.prepare<[], SubscriptionRow>(
    'SELECT * FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at, id',
  );
  const insertDelivery = db.prepare(`
    INSERT INTO webhook_deliveries
      (subscription_id, entry_id, webhook_id, event_type, attempt, at, status_code, error, duration_ms)
    VALUES (@subscriptionId, @entryId, @webhookId, @eventType, @attempt, @at, @statusCode, @error, @durationMs)`);
  const trimDeliveries = db.prepare<[string, string, number]>(`
    DELETE FROM webhook_deliveries WHERE subscription_id = ? AND id <= (
      SELECT id FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`);

  return {
    /** A new subscription; its signing secret (`whsec_…`) is returned once, for the receiver to verify with. */
    add(input: {
      clientId: string | null;
      url: string;
      eventTypes: readonly WebhookEventType[];
      now: number;
    }) {
      const id = randomUUID();
      const secret = `whsec_${randomBytes(24).toString('base64')}`;
      db.prepare(`
        INSERT INTO webhook_subscriptions
          (id, client_id, url, event_types, secret_sealed, status, failures, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, 'active', 0, 0, ?)`).run(
        id,
        input.clientId,
        input.url,
        JSON.stringify(input.eventTypes),
        secrets.seal(secret),
        input.now,
      );
      return { subscription: subscriptionOf(byId.get(id) as SubscriptionRow), secret };
    },
    get: (id: string): WebhookSubscription | null => {
      const row = byId.get(id);
      return row ? subscriptionOf(row) : null;
    },
    list: (): WebhookSubscription[] => live.all().map(subscriptionOf),
    secretOf(id: string): string {
      const row = byId.get(id);
      if (!row) throw new Error(`no webhook subscription ${id}`);
      return secrets.open(row.secret_sealed);
    },
    remove(id: string, now: number): void {
      db.prepare('UPDATE webhook_subscriptions SET deleted_at = ? WHERE id = ?').run(now, id);
    },
    /** After an attempt: failures in a row, when to try next, and since when it has been failing. */
    setDeliveryState(
      id: string,
      state: {
        failures: number;
        nextAttemptAt: number;
        failingSince: number | null;
        status: SubscriptionStatus;
      },
    ): void {
      db.prepare(
        'UPDATE webhook_subscriptions SET failures = ?, next_attempt_at = ?, failing_since = ?, status = ? WHERE id = ?',
      ).run(state.failures, state.nextAttemptAt, state.failingSince, state.status, id);
    },
    /** Appends an attempt to the delivery log; `trimDeliveryLog` keeps it bounded. */
    recordDelivery(record: DeliveryRecord): void {
      insertDelivery.run(record);
    },
    /** Keeps the newest DELIVERY_LOG_LIMIT attempts of a subscription. */
    trimDeliveryLog(subscriptionId: string): void {
      trimDeliveries.run(subscriptionId, subscriptionId, DELIVERY_LOG_LIMIT);
    },
    deliveries(subscriptionId: string, limit: number): DeliveryRecord[] {
      return db
        .prepare<[string, number], Record<string, unknown>>(`
          SELECT subscription_id AS subscriptionId, entry_id AS entryId, webhook_id AS webhookId,
                 event_type AS eventType, attempt, at, status_code AS statusCode, error, duration_ms AS durationMs
          FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT ?`)
        .all(subscriptionId, limit) as unknown as DeliveryRecord[];
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
