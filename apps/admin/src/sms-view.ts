import type { SmsFailures, SmsMessageKind } from '@hallq/protocol';

export const SMS_KIND_WORDS: Record<SmsMessageKind, { zh: string; en: string }> = {
  issued: { zh: '取号', en: 'Issued' },
  'n-ahead': { zh: '即将叫号', en: 'Almost due' },
  called: { zh: '叫号', en: 'Called' },
  'no-show-warning': { zh: '过号提醒', en: 'No-show warning' },
  'appointment-confirmed': { zh: '预约成功', en: 'Booked' },
  'appointment-reminder': { zh: '预约提醒', en: 'Reminder' },
  'appointment-cancelled': { zh: '预约取消', en: 'Cancelled' },
};

/** The line over the table: how many messages are in each state, and whether the hall's sender is set up. */
export function smsSummary(data: SmsFailures): { zh: string; en: string; tone: 'ok' | 'warn' } {
  const c = data.counts;
  const n = (status: keyof typeof c) => c[status] ?? 0;
  const sent = n('sent') + n('delivered');
  const zh = `已发送 ${sent}（已送达 ${n('delivered')}）· 待发 ${n('queued') + n('sending')} · 失败 ${n('failed')} · 超出每日上限 ${n('skipped')}`;
  const en = `Sent ${sent} (delivered ${n('delivered')}) · waiting ${n('queued') + n('sending')} · failed ${n('failed')} · over the daily cap ${n('skipped')}`;
  if (!data.sender.configured)
    return {
      zh: `${zh} —— 大厅选用的发送方式（${data.sender.kind}）在本服务器上未配置，短信在排队等候`,
      en: `${en} — the hall's sender (${data.sender.kind}) is not set up on this hub: messages are waiting`,
      tone: 'warn',
    };
  return { zh, en, tone: n('failed') > 0 ? 'warn' : 'ok' };
}
