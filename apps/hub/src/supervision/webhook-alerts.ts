import type { AlertCondition } from './alert-rules.ts';

/** A webhook subscription as the supervision rule needs it. */
export interface SupervisedSubscription {
  readonly id: string;
  readonly url: string;
  readonly status: 'active' | 'failing';
  readonly failingSince: number | null;
  readonly failures: number;
}

/**
 * A subscription marked failing (its receiver has refused or not answered for the whole failing window) raises
 * one alert, kept until a delivery succeeds again: the outside system is missing what the hall does.
 */
export function webhookAlerts(subscriptions: readonly SupervisedSubscription[]): AlertCondition[] {
  return subscriptions
    .filter((s) => s.status === 'failing')
    .map((s) => ({
      key: `webhook-failing:${s.id}`,
      rule: 'webhook-failing',
      severity: 'warning',
      subject: `webhook:${s.id}`,
      message: {
        zh: `事件推送失败：${s.url} 已连续失败 ${s.failures} 次，事件在排队等待重发`,
        en: `Webhook failing: ${s.url} refused ${s.failures} deliveries in a row; events wait to be sent again`,
      },
      since: s.failingSince ?? 0,
    }));
}
