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

/** A wait or a duration in whole minutes, rounded up so that "0 minutes" never promises an instant. */
export function formatMinutes(ms: number, language: Language): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (language === 'zh') return minutes === 0 ? '无需等候' : `约 ${minutes} 分钟`;
  if (minutes === 0) return 'no wait';
  return `about ${minutes} min`;
}
