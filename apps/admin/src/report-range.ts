/** Report ranges in business days (YYYY-MM-DD, the hall's calendar): a day, its week (Mon–Sun), its month. */
export type RangeKind = 'day' | 'week' | 'month' | 'custom';

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

export function rangeOf(kind: Exclude<RangeKind, 'custom'>, day: string): { from: string; to: string } {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${day}`);
  if (kind === 'day') return { from: day, to: day };
  if (kind === 'week') {
    const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    return { from: iso(t - weekday * DAY), to: iso(t + (6 - weekday) * DAY) };
  }
  const d = new Date(t);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
  return { from: iso(first), to: iso(last) };
}

/** Seconds as minutes with one decimal, or a dash when there is nothing to show. */
export function minutesText(seconds: number | null): string {
  return seconds === null ? '—' : (seconds / 60).toFixed(1);
}

export function percentText(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/**
 * The hours the hourly chart shows, each labelled: every hour any service is open (the demo hall's 00:00–24:00
 * is all 24), widened to any hour with tickets outside them (an early appointment check-in).
 */
export function chartHours(
  openingHours: readonly { from: string; to: string }[],
  issuedByHour: readonly number[],
): number[] {
  const hours = new Set<number>();
  for (const span of openingHours) {
    const first = Number(span.from.slice(0, 2));
    const [toHour, toMinute] = span.to.split(':').map(Number) as [number, number];
    const last = toMinute > 0 ? toHour : toHour - 1;
    for (let h = first; h <= last && h < 24; h += 1) hours.add(h);
  }
  issuedByHour.forEach((n, h) => {
    if (n > 0) hours.add(h);
  });
  if (hours.size === 0) return Array.from({ length: 10 }, (_, i) => i + 8);
  const sorted = [...hours].sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
