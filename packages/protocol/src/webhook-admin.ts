import { z } from 'zod';
import { ApiWebhookDeliveries, ApiWebhookSubscription } from './api.ts';

/**
 * The admin console's view of what leaves the hall (issue 13): every webhook subscription, whichever API client
 * owns it, with its lag and delivery log, and every outbox consumer's lag (the figures `/healthz` shows).
 * A client manages its own subscriptions over `/api/v1/webhooks`; an admin sees and replays all of them here.
 */
export const WebhookAdminView = ApiWebhookSubscription.extend({
  clientId: z.string().nullable(),
  /** The owning API client's name (null for a subscription made without a client). */
  clientName: z.string().nullable(),
});
export type WebhookAdminView = z.infer<typeof WebhookAdminView>;

/** One reader of the hub's event log (a webhook subscription, later SMS and the city centre) and its lag. */
export const OutboxConsumerView = z.object({
  consumer: z.string(),
  cursor: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  seconds: z.number().int().nonnegative(),
});
export type OutboxConsumerView = z.infer<typeof OutboxConsumerView>;

export const WebhookAdminList = z.object({
  subscriptions: z.array(WebhookAdminView),
  consumers: z.array(OutboxConsumerView),
  /** The last durable entry of the event log: the end a replay can start from. */
  lastEntryId: z.number().int().nonnegative(),
});
export type WebhookAdminList = z.infer<typeof WebhookAdminList>;

export const WebhookDeliveriesQuery = z
  .object({ subscriptionId: z.uuid().max(36), limit: z.number().int().min(1).max(200) })
  .strict();
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuery>;

export const WebhookAdminDeliveries = ApiWebhookDeliveries;
export type WebhookAdminDeliveries = z.infer<typeof WebhookAdminDeliveries>;

export const WebhookReplayRequest = z
  .object({
    subscriptionId: z.uuid().max(36),
    /** Deliver again every event after this log entry; 0 replays the whole log. */
    afterEntryId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type WebhookReplayRequest = z.infer<typeof WebhookReplayRequest>;
