import type { AlertRule, PauseReason, Scorecard, ScorecardRow } from '@hallq/protocol';
import { type Cell, minutes, RATING_LEVEL_HEADINGS, ratingLevelCells, sheetsXlsx } from './report-export.ts';

/** Each alert rule as a column heading says it, Chinese first. */
export const ALERT_RULE_NAMES: Record<AlertRule, string> = {
  'wait-over-sla': '等候超时 Wait over SLA',
  'service-over-limit': '办理超时 Service over limit',
  'window-paused-too-long': '暂停超时 Paused too long',
  'window-idle-with-waiting': '窗口空闲 Idle with waiting',
  'device-offline': '设备离线 Device offline',
  'device-fault': '设备故障 Device fault',
  'follow-up-overdue': '整改逾期 Follow-up overdue',
  'webhook-failing': '推送失败 Webhook failing',
  'backup-missing': '备份缺失 Backup missing',
  'backup-same-disk': '备份同盘 Backup on same disk',
  'commits-lost': '数据丢失 Commits lost',
  'out-of-order-calls': '跳号 Out-of-order calls',
  'repeat-out-of-order': '重复跳号 Same person out of order again',
  'away-from-window': '离岗 Away from window',
  'short-services': '异常办理 Short services',
  'no-show-streak': '连续过号 No-show streak',
  'rating-pace': '评价过快 Ratings too fast',
  'rating-instant': '即时评价 Ratings right after finishing',
  'rating-jump': '评价跃升 Ratings jump after pad change',
  'after-hours': '非办公时间操作 After hours',
};

const PAUSE_NAMES: Record<PauseReason, string> = {
  break: '休息 break',
  meeting: '会议 meeting',
  'system-fault': '系统故障 system fault',
  other: '其他 other',
};
const PAUSES = Object.keys(PAUSE_NAMES) as PauseReason[];

/**
 * The scorecard as a workbook: a sheet of clerks and one of windows, one row each. Alert columns are the rules
 * that were raised in the month (a column of zeros for every rule would bury them); pause columns are every
 * reason, count and minutes.
 */
export function scorecardXlsx(scorecard: Scorecard): Promise<Buffer> {
  const rules = [
    ...new Set([...scorecard.byClerk, ...scorecard.byWindow].flatMap((r) => r.alerts.map((a) => a.rule))),
  ].sort();
  const headings = [
    '名称 Name',
    '办结 Served',
    '办理中位数(分) Median service (min)',
    '评价数 Rated',
    '平均评价 Mean rating',
    ...RATING_LEVEL_HEADINGS,
    '告警合计 Alerts',
    ...rules.map((rule) => `告警 ${ALERT_RULE_NAMES[rule]}`),
    ...PAUSES.flatMap((reason) => [`暂停次数 ${PAUSE_NAMES[reason]}`, `暂停分钟 ${PAUSE_NAMES[reason]}`]),
  ];
  const values = (row: ScorecardRow): Cell[] => {
    return [
      row.label,
      row.served,
      minutes(row.medianServiceSeconds),
      row.ratings.rated,
      row.meanRating,
      ...ratingLevelCells(row.ratings),
      row.alertTotal,
      ...rules.map((rule) => row.alerts.find((a) => a.rule === rule)?.count ?? 0),
      ...PAUSES.flatMap((reason) => {
        const pause = row.pauses.find((p) => p.reason === reason);
        return [pause?.count ?? 0, pause?.minutes ?? 0];
      }),
    ];
  };
  const title = (what: string) => `月度考评 Scorecard ${scorecard.month} · ${what}  (${scorecard.timeZone})`;
  return sheetsXlsx([
    { name: '人员', title: title('按人员 By clerk'), headings, rows: scorecard.byClerk.map(values) },
    { name: '窗口', title: title('按窗口 By window'), headings, rows: scorecard.byWindow.map(values) },
  ]);
}
