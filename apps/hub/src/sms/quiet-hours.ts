/**
 * When a reminder due at `at` may go: at once outside the quiet hours, else when they end. Quiet hours are
 * local times in the hall's zone and may run over midnight (21:00–08:00).
 */
export function quietHoursEnd(
  at: number,
  quiet: { readonly from: string; readonly to: string } | null,
  timeZone: string,
): number {
  if (quiet === null || quiet.from === quiet.to) return at;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const nowMinutes = get('hour') * 60 + get('minute');
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  const inside = from < to ? nowMinutes >= from && nowMinutes < to : nowMinutes >= from || nowMinutes < to;
  if (!inside) return at;
  const untilEnd = (to - nowMinutes + 1440) % 1440;
  // To the start of the minute the quiet hours end in.
  return at + untilEnd * 60_000 - get('second') * 1000 - (at % 1000);
}
