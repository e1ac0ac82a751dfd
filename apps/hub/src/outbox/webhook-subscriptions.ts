import type { ErrorBody, WebhookEventType } from '@hallq/protocol';
import type { Outbox } from './outbox.ts';
import type { WebhookSender } from './webhook-sender.ts';
import { type WebhookStore, type WebhookSubscription, webhookConsumer } from './webhook-store.ts';

type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrorBody };

/**
 * Managing subscriptions: each one is a row and an outbox cursor, written together. A new subscription starts
 * at the end of the log (it receives what happens from now on); an admin can replay it from any entry.
 */
export function createWebhookSubscriptions(deps: {
  store: WebhookStore;
  outbox: Outbox;
  sender: WebhookSender;
  clock: () => number;
  /** Runs the write in the hub's commit batch. */
  write: (write: () => void) => Outcome<null>;
}) {
  const { store, outbox, sender, clock } = deps;
  return {
    subscribe(input: {
      clientId: string | null;
      url: string;
      eventTypes: readonly WebhookEventType[];
    }): Outcome<{ subscription: WebhookSubscription; secret: string }> {
      let created: { subscription: WebhookSubscription; secret: string } | null = null;
      const now = clock();
      const written = deps.write(() => {
        created = store.add({ ...input, now });
        outbox.registerAtEnd(webhookConsumer(created.subscription.id), now);
      });
      if (!written.ok || created === null) return written.ok ? { ok: false, error: UNSAVED } : written;
      return { ok: true, value: created };
    },
    /** Delivers again from the entry after `afterEntryId` on, and clears any back-off. */
    replay(subscriptionId: string, afterEntryId: number): Outcome<null> {
      const sub = store.get(subscriptionId);
      if (sub === null) return { ok: false, error: NOT_FOUND };
      const written = deps.write(() => {
        outbox.rewind(webhookConsumer(subscriptionId), afterEntryId, clock());
        store.setDeliveryState(subscriptionId, {
          failures: 0,
          failingSince: null,
          nextAttemptAt: 0,
          status: 'active',
        });
      });
      if (written.ok) sender.rewind(subscriptionId);
      return written;
    },
    remove(subscriptionId: string): Outcome<null> {
      if (store.get(subscriptionId) === null) return { ok: false, error: NOT_FOUND };
      return deps.write(() => {
        store.remove(subscriptionId, clock());
        outbox.remove(webhookConsumer(subscriptionId));
      });
    },
    list: () => store.list().map((s) => ({ ...s, lag: outbox.lag(webhookConsumer(s.id), clock()) })),
  };
}

const NOT_FOUND: ErrorBody = { code: 'NOT_FOUND', message: '没有这个订阅 · No such webhook subscription' };
const UNSAVED: ErrorBody = { code: 'STORAGE_FAILURE', message: '未保存 · Not saved' };
