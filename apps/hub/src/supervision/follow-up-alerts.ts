import type { FollowUpStatus } from '@hallq/protocol';
import type { AlertCondition } from './alert-rules.ts';

/** A 差评 follow-up not yet resolved, as the supervision rule needs it. */
export interface OpenFollowUp {
  readonly id: string;
  readonly ticketNumber: string;
  readonly caseNumber: string | null;
  readonly status: FollowUpStatus;
  readonly dueDay: string;
  readonly dueAt: number;
  readonly assigneeName: string | null;
}

/**
 * Overdue 整改 (a pure rule beside `evaluateAlerts`): an unresolved follow-up past the end of its last working
 * day raises one alert, kept until the item is resolved.
 */
export function followUpAlerts(items: readonly OpenFollowUp[], now: number): AlertCondition[] {
  const alerts: AlertCondition[] = [];
  for (const item of items) {
    if (item.status === 'resolved' || now < item.dueAt) continue;
    const what = item.caseNumber ? `${item.ticketNumber}（办件 ${item.caseNumber}）` : item.ticketNumber;
    const who = item.assigneeName ?? '未指派';
    alerts.push({
      key: `follow-up-overdue:${item.id}`,
      rule: 'follow-up-overdue',
      severity: 'warning',
      subject: `follow-up:${item.id}`,
      message: {
        zh: `差评整改逾期：${what}，应于 ${item.dueDay} 前办结（${who}）`,
        en: `Follow-up overdue: ${item.caseNumber ? `${item.ticketNumber} (case ${item.caseNumber})` : item.ticketNumber}, due ${item.dueDay} (${item.assigneeName ?? 'unassigned'})`,
      },
      since: item.dueAt,
    });
  }
  return alerts;
}
