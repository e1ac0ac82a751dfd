import {
  type ApiClientAdd,
  type ApiClientLimit,
  type ApiClientView,
  DEFAULT_API_RATE_LIMIT,
  type ErrorBody,
} from '@hallq/protocol';
import type { HallService } from '../hall-service.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { type WebhookStore, webhookConsumer } from '../outbox/webhook-store.ts';
import type { Actor } from '../store/event-log.ts';
import type { ApiClients } from './api-clients.ts';

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

const NO_SUCH_CLIENT = {
  ok: false,
  error: { code: 'NOT_FOUND', message: '没有这个 API 客户端 · No such API client' },
} as const;

/**
 * What an admin does with API clients (hallctl api-client …, the admin socket commands): add one (its token is
 * shown once), list them, change one's rate limit, revoke one. Each change is audited; revoking also ends the client's webhook
 * subscriptions, in the same transaction, so nothing more is sent on behalf of a client that was shut out.
 */
export function createApiClientAdmin(deps: {
  clients: ApiClients;
  hall: HallService;
  webhookStore: WebhookStore;
  outbox: Outbox;
  clock: () => number;
}) {
  const { clients, hall, clock } = deps;
  return {
    add(input: ApiClientAdd, actor: Actor): Result<{ client: ApiClientView; token: string }> {
      type Added = { client: ApiClientView; token: string };
      let added = null as Added | null;
      const limit = {
        ratePerSecond: input.ratePerSecond ?? DEFAULT_API_RATE_LIMIT.ratePerSecond,
        burst: input.burst ?? DEFAULT_API_RATE_LIMIT.burst,
      };
      const outcome = hall.audit(
        'api-client:add',
        actor,
        { name: input.name, scopes: input.scopes, ...limit },
        () => {
          added = clients.add({ name: input.name, scopes: input.scopes, ...limit, now: clock() });
        },
      );
      if (!outcome.ok) return outcome;
      if (added === null) return { ok: false, error: { code: 'INTERNAL', message: 'client not added' } };
      return { ok: true, value: added };
    },
    list: (): ApiClientView[] => clients.list(),
    /** A new rate limit for a client (revoked ones included: harmless, and the list stays truthful). */
    limit(input: ApiClientLimit, actor: Actor): Result<ApiClientView> {
      const client = clients.get(input.clientId);
      if (!client) return NO_SUCH_CLIENT;
      const limit = { ratePerSecond: input.ratePerSecond, burst: input.burst };
      const outcome = hall.audit(
        'api-client:limit',
        actor,
        {
          clientId: client.id,
          name: client.name,
          from: { ratePerSecond: client.ratePerSecond, burst: client.burst },
          to: limit,
        },
        () => clients.setLimit(client.id, limit),
      );
      if (!outcome.ok) return outcome;
      return { ok: true, value: clients.get(client.id)! };
    },
    revoke(clientId: string, actor: Actor): Result<ApiClientView> {
      const client = clients.get(clientId);
      if (!client) return NO_SUCH_CLIENT;
      const subscriptions = deps.webhookStore.list().filter((s) => s.clientId === clientId);
      const outcome = hall.audit(
        'api-client:revoke',
        actor,
        { clientId, name: client.name, subscriptionsRemoved: subscriptions.map((s) => s.id) },
        () => {
          const now = clock();
          clients.revoke(clientId, now);
          for (const s of subscriptions) {
            deps.webhookStore.remove(s.id, now);
            deps.outbox.remove(webhookConsumer(s.id));
          }
        },
      );
      if (!outcome.ok) return outcome;
      return { ok: true, value: clients.get(clientId)! };
    },
  };
}

export type ApiClientAdmin = ReturnType<typeof createApiClientAdmin>;
