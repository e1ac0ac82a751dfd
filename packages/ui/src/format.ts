// The one module, not the package: a phone's page needs the rule, not the core's calendars (chinese-days).
import { type WaitRange, type WaitSpreadMs, waitRangeOf } from '@hallq/core/wait-range';
import type { Language } from './language.ts';

/** HH:MM in the hall's time zone, whatever zone the screen's computer is set to. */
export function formatClock(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(epochMs));
}

/** YYYY-MM-DD HH:MM in the hall's time zone (printed tickets, reports). */
export function formatDateTime(epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The long date a lobby or kiosk header shows: 2026年11月28日 星期六 / Saturday, 28 November 2026. */
export function formatLongDate(epochMs: number, timeZone: string, language: Language): string {
  const locale = language === 'zh' ? 'zh-CN' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full' }).format(new Date(epochMs));
}

/**
 * A duration in whole minutes, rounded up so that "0 minutes" never promises an instant. A visitor's wait is not a
 * duration: show it with `formatWait`, which knows whether anyone is ahead.
 */
export function formatMinutes(ms: number, language: Language): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (language === 'zh') return minutes === 0 ? '无需等候' : `约 ${minutes} 分钟`;
  if (minutes === 0) return 'no wait';
  return `about ${minutes} min`;
}

/**
 * A wait range in words: 约 5–10 分钟 / about 5–10 min, 5 分钟以内 / under 5 min, 无需等候 / no wait,
 * 约 3 小时以上 / over 3 hours. The range comes from `waitRangeOf` (packages/core).
 */
export function formatWaitRange(range: WaitRange, language: Language): string {
  switch (range.kind) {
    case 'no-wait':
      return language === 'zh' ? '无需等候' : 'no wait';
    case 'range':
      if (range.fromMinutes === 0) {
        return language === 'zh' ? `${range.toMinutes} 分钟以内` : `under ${range.toMinutes} min`;
      }
      return language === 'zh'
        ? `约 ${range.fromMinutes}–${range.toMinutes} 分钟`
        : `about ${range.fromMinutes}–${range.toMinutes} min`;
    case 'over': {
      const hours = range.minutes / 60;
      return language === 'zh' ? `约 ${hours} 小时以上` : `over ${hours} hours`;
    }
  }
}

/**
 * The wait for someone with `peopleAhead` in front, as every screen and the paper ticket show it: the one rule of
 * `waitRangeOf` (never "no wait" with anyone ahead), in words; with the estimator's `spread` (its 20th–80th
 * percentile, when the hub sends one) the range covers it.
 */
export function formatWait(
  peopleAhead: number,
  estimatedWaitMs: number,
  language: Language,
  spread?: WaitSpreadMs | null,
): string {
  return formatWaitRange(waitRangeOf(peopleAhead, estimatedWaitMs, spread), language);
}
