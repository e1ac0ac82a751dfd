import type { AlertRule, PauseReason, ScorecardRow } from '@hallq/protocol';

/** Each alert rule in a few characters, for the scorecard's cells. */
export const ALERT_RULE_WORDS: Record<AlertRule, [string, string]> = {
  'wait-over-sla': ['等候超时', 'wait over SLA'],
  'service-over-limit': ['办理超时', 'service over limit'],
  'window-paused-too-long': ['暂停超时', 'paused too long'],
  'window-idle-with-waiting': ['空闲', 'idle'],
  'device-offline': ['设备离线', 'device offline'],
  'device-fault': ['设备故障', 'device fault'],
  'follow-up-overdue': ['整改逾期', 'follow-up overdue'],
  'webhook-failing': ['推送失败', 'webhook failing'],
  'backup-missing': ['备份缺失', 'backup missing'],
  'backup-same-disk': ['备份同盘', 'backup same disk'],
  'commits-lost': ['数据丢失', 'commits lost'],
  'out-of-order-calls': ['跳号', 'out of order'],
  'repeat-out-of-order': ['重复跳号', 'same person again'],
  'away-from-window': ['离岗', 'away'],
  'short-services': ['异常办理', 'short services'],
  'no-show-streak': ['连续过号', 'no-show streak'],
  'rating-pace': ['评价过快', 'ratings too fast'],
  'rating-instant': ['即时评价', 'instant ratings'],
  'rating-jump': ['评价跃升', 'rating jump'],
  'after-hours': ['非工作时间', 'after hours'],
};

const PAUSE_WORDS: Record<PauseReason, [string, string]> = {
  break: ['休息', 'break'],
  meeting: ['会议', 'meeting'],
  'system-fault': ['系统故障', 'system fault'],
  other: ['其他', 'other'],
};

const pick = (words: [string, string], language: 'zh' | 'en') => (language === 'zh' ? words[0] : words[1]);

/** "跳号 2 · 离岗 1", most frequent first; "—" without alerts. */
export function alertsText(row: ScorecardRow, language: 'zh' | 'en'): string {
  if (row.alerts.length === 0) return '—';
  return [...row.alerts]
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
    .map((a) => `${pick(ALERT_RULE_WORDS[a.rule], language)} ${a.count}`)
    .join(' · ');
}

/** "休息 2次 25分 · 会议 1次 30分"; "—" without pauses. */
export function pausesText(row: ScorecardRow, language: 'zh' | 'en'): string {
  if (row.pauses.length === 0) return '—';
  return row.pauses
    .map((p) =>
      language === 'zh'
        ? `${pick(PAUSE_WORDS[p.reason], language)} ${p.count}次 ${p.minutes}分`
        : `${pick(PAUSE_WORDS[p.reason], language)} ${p.count}× ${p.minutes} min`,
    )
    .join(' · ');
}
