import type { ErrorBody, WebhookAdminDeliveries, WebhookAdminList } from '@hallq/protocol';
import type { ApiClients } from '../api/api-clients.ts';
import type { HallService } from '../hall-service.ts';
import type { Actor } from '../store/event-log.ts';
import type { Outbox } from './outbox.ts';
import type { WebhookSender } from './webhook-sender.ts';
import { type WebhookStore, webhookConsumer } from './webhook-store.ts';

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

const NOT_FOUND: ErrorBody = { code: 'NOT_FOUND', message: '没有这个订阅 · No such webhook subscription' };

/**
 * What an admin sees of the hall's way out (the admin socket commands `webhook:*`): every subscription of every
 * API client with its lag, its delivery log, and every outbox consumer's lag; and a replay from a log entry,
 * audited (a client replays its own over the API; an admin can do it for any, e.g. after a receiver lost data).
 */
export function createWebhookAdmin(deps: {
  store: WebhookStore;
  outbox: Outbox;
  sender: WebhookSender;
  clients: ApiClients;
  hall: HallService;
  clock: () => number;
}) {
  const { store, outbox, hall, clock } = deps;
  return {
    list(): WebhookAdminList {
      const now = clock();
      return {
        subscriptions: store.list().map((s) => ({
          id: s.id,
          url: s.url,
          eventTypes: [...s.eventTypes],
          status: s.status,
          failures: s.failures,
          failingSince: s.failingSince,
          createdAt: s.createdAt,
          lag: outbox.lag(webhookConsumer(s.id), now),
          clientId: s.clientId,
          clientName: s.clientId === null ? null : (deps.clients.get(s.clientId)?.name ?? null),
        })),
        consumers: outbox.consumers(now),
        lastEntryId: hall.durableLogId(),
      };
    },
    deliveries(subscriptionId: string, limit: number): Result<WebhookAdminDeliveries> {
      if (store.get(subscriptionId) === null) return { ok: false, error: NOT_FOUND };
      return {
        ok: true,
        value: {
          deliveries: store.deliveries(subscriptionId, limit).map(({ subscriptionId: _s, ...d }) => d),
        },
      };
    },
    /** Delivers again from the entry after `afterEntryId` (capped at the durable end) and clears any back-off. */
    replay(subscriptionId: string, afterEntryId: number, actor: Actor): Result<null> {
      if (store.get(subscriptionId) === null) return { ok: false, error: NOT_FOUND };
      const from = Math.min(afterEntryId, hall.durableLogId());
      const outcome = hall.audit('webhook:replay', actor, { subscriptionId, afterEntryId: from }, () => {
        outbox.rewind(webhookConsumer(subscriptionId), from, clock());
        store.setDeliveryState(subscriptionId, {
          failures: 0,
          failingSince: null,
          nextAttemptAt: 0,
          status: 'active',
        });
      });
      if (outcome.ok) deps.sender.rewind(subscriptionId);
      return outcome;
    },
  };
}

export type WebhookAdmin = ReturnType<typeof createWebhookAdmin>;
