import type { ApiScope, OutboxConsumerView, WebhookAdminDeliveries, WebhookAdminView } from '@hallq/protocol';

type Delivery = WebhookAdminDeliveries['deliveries'][number];
type Words = { readonly zh: string; readonly en: string };

/** What each scope of the open API lets a client do, for the add-client form. */
export const SCOPE_WORDS: Record<ApiScope, Words> = {
  'queue:read': { zh: '读取排队情况', en: 'Read the queue' },
  'tickets:read': { zh: '查询号票', en: 'Read tickets' },
  'appointments:write': { zh: '预约写入', en: 'Write appointments' },
  'ratings:read': { zh: '读取评价', en: 'Read ratings' },
  'webhooks:manage': { zh: '管理事件订阅', en: 'Manage webhooks' },
  'cases:write': { zh: '登记办件编号', en: 'Attach case numbers' },
};

/** The list with `item` added, or taken out when it was there (a checkbox), in the catalog's order. */
export function toggled<T extends string>(list: readonly T[], item: T, order: readonly T[]): T[] {
  const next = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return order.filter((x) => next.includes(x));
}

/** How far behind a consumer is, in words: entries not yet delivered and the oldest one's age. */
export function lagWords(lag: { readonly behind: number; readonly seconds: number }): Words {
  if (lag.behind === 0) return { zh: '已同步', en: 'Up to date' };
  return {
    zh: `落后 ${lag.behind} 条 · ${durationZh(lag.seconds)}`,
    en: `${lag.behind} behind · ${durationEn(lag.seconds)}`,
  };
}

function durationZh(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟`;
  return `${Math.floor(seconds / 3600)} 小时 ${Math.floor((seconds % 3600) / 60)} 分`;
}
function durationEn(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** One attempt's outcome: taken (2xx), or what went wrong (the receiver's status, or why it did not answer). */
export function deliveryOutcome(d: Pick<Delivery, 'statusCode' | 'error'>): { ok: boolean; text: string } {
  const ok = d.statusCode !== null && d.statusCode >= 200 && d.statusCode < 300;
  if (d.statusCode !== null) return { ok, text: `HTTP ${d.statusCode}` };
  return { ok: false, text: d.error ?? '—' };
}

/** An outbox consumer named for a person: a webhook subscription by its URL, anything else by its own name. */
export function consumerLabel(
  consumer: OutboxConsumerView,
  subscriptions: readonly Pick<WebhookAdminView, 'id' | 'url'>[],
): string {
  const id = /^webhook:(.+)$/.exec(consumer.consumer)?.[1];
  const sub = id === undefined ? undefined : subscriptions.find((s) => s.id === id);
  return sub ? `Webhook ${sub.url}` : consumer.consumer;
}

/**
 * The entry a replay starts after, from what the admin typed: a log entry number, or a `webhook-id`
 * (`msg_hallq_<entry>_<hash>`, as the receiver logged it) — the delivery before it is that entry minus one.
 * Null for anything else.
 */
export function replayStartOf(typed: string): number | null {
  const text = typed.trim();
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const id = /^msg_hallq_(\d{1,15})_[A-Za-z0-9]+$/.exec(text)?.[1];
  return id === undefined ? null : Math.max(0, Number(id) - 1);
}
