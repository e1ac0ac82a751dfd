/** The spans a cross-hall report covers: one business day, its week (Monday to Sunday), its month, or a range. */
export type RangeKind = 'day' | 'week' | 'month' | 'range';

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
const parse = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** Today's date (YYYY-MM-DD) in the halls' time zone, whatever zone the desk's computer is set to. */
export function todayIn(timeZone: string, now: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}

/** The first and last business day of the span around `anchor` (for 'range', `anchor` to `until`). */
export function reportRange(kind: RangeKind, anchor: string, until: string): { from: string; to: string } {
  const date = parse(anchor);
  if (kind === 'day') return { from: anchor, to: anchor };
  if (kind === 'week') {
    const sinceMonday = (date.getUTCDay() + 6) % 7;
    const monday = new Date(date.getTime() - sinceMonday * 86_400_000);
    return { from: dayOf(monday), to: dayOf(new Date(monday.getTime() + 6 * 86_400_000)) };
  }
  if (kind === 'month') {
    const first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
    return { from: dayOf(first), to: dayOf(last) };
  }
  return anchor <= until ? { from: anchor, to: until } : { from: until, to: anchor };
}
