import type { ArrivalForecast } from './day-simulator.ts';

/** One visitor of a past day: their service and the local minute of the day they took the ticket. */
export interface PastArrival {
  readonly serviceId: string;
  readonly minuteOfDay: number;
}

export interface PastDay {
  readonly businessDay: string;
  readonly arrivals: readonly PastArrival[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The business days to learn a day's arrivals from: the same weekday in each of the `weeks` weeks before it. */
export function sameWeekdayBefore(businessDay: string, weeks: number): string[] {
  const match = DATE.exec(businessDay);
  if (!match) throw new RangeError(`not a business day (YYYY-MM-DD): ${businessDay}`);
  if (!(Number.isInteger(weeks) && weeks >= 1))
    throw new RangeError(`weeks must be a whole number ≥ 1: ${weeks}`);
  // Calendar arithmetic on the date alone (UTC midnight): no time zone or clock enters.
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Array.from({ length: weeks }, (_, i) =>
    new Date(day - (i + 1) * 7 * DAY_MS).toISOString().slice(0, 10),
  );
}

/**
 * Expected arrivals per service per half-hour: the mean over the given past days (a day with nobody for a service
 * counts as zero), times a growth factor (1.1: ten per cent more than history). Arrivals outside the span are
 * left out.
 */
export function arrivalForecastFrom(
  days: readonly PastDay[],
  options: { readonly startMinute: number; readonly halfHours: number; readonly growth: number },
): ArrivalForecast {
  const { startMinute, halfHours, growth } = options;
  if (days.length === 0) throw new RangeError('at least one past day is needed to forecast arrivals');
  if (!(Number.isInteger(halfHours) && halfHours >= 1))
    throw new RangeError(`half-hours must be ≥ 1: ${halfHours}`);
  if (!(Number.isFinite(growth) && growth >= 0)) throw new RangeError(`growth must be ≥ 0: ${growth}`);
  const totals: Record<string, number>[] = Array.from({ length: halfHours }, () => ({}));
  const services = new Set<string>();
  for (const day of days) {
    for (const a of day.arrivals) {
      services.add(a.serviceId);
      const slot = Math.floor((a.minuteOfDay - startMinute) / 30);
      if (slot < 0 || slot >= halfHours) continue;
      const slotTotals = totals[slot]!;
      slotTotals[a.serviceId] = (slotTotals[a.serviceId] ?? 0) + 1;
    }
  }
  const ordered = [...services].sort();
  return {
    startMinute,
    halfHours: totals.map((slot) =>
      Object.fromEntries(ordered.map((id) => [id, ((slot[id] ?? 0) / days.length) * growth])),
    ),
  };
}
