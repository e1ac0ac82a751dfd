import type { DurationFigures, RatingFigures, Report, ReportRow } from '@hallq/protocol';
import type { DaySummary, SummaryLeaf } from './day-summary.ts';

/**
 * Figures of a sorted list of whole seconds. The median of an even count is the mean of the two middle values;
 * p90 is the nearest rank (the smallest value with at least 90 % of the list at or below it).
 */
export function durationFigures(sorted: ArrayLike<number>): DurationFigures {
  const n = sorted.length;
  if (n === 0) return { count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += sorted[i]!;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    count: n,
    averageSeconds: Math.round((sum / n) * 10) / 10,
    medianSeconds: median,
    p90Seconds: sorted[Math.ceil(0.9 * n) - 1]!,
  };
}

/** Names for the rows: the hall's services and windows, and the people who worked at them. */
export interface ReportNames {
  readonly services: ReadonlyMap<string, string>;
  readonly windows: ReadonlyMap<string, string>;
  readonly clerks: ReadonlyMap<string, string>;
}

class Accumulator {
  issued = 0;
  handled = 0;
  served = 0;
  noShow = 0;
  cancelled = 0;
  expired = 0;
  transferred = 0;
  waitParts: Int32Array[] = [];
  waitCount = 0;
  serviceParts: Int32Array[] = [];
  serviceCount = 0;
  ratings = [0, 0, 0, 0, 0, 0];
  bad: Record<string, number> = {};

  add(leaf: SummaryLeaf): void {
    this.handled += leaf.n;
    this.served += leaf.served;
    this.noShow += leaf.noShow;
    this.cancelled += leaf.cancelled;
    this.expired += leaf.expired;
    if (leaf.waits.length > 0) {
      this.waitParts.push(leaf.waits);
      this.waitCount += leaf.waits.length;
    }
    if (leaf.services.length > 0) {
      this.serviceParts.push(leaf.services);
      this.serviceCount += leaf.services.length;
    }
    for (let i = 0; i < 6; i += 1) this.ratings[i]! += leaf.ratings[i] ?? 0;
    for (const [tag, count] of Object.entries(leaf.bad)) this.bad[tag] = (this.bad[tag] ?? 0) + count;
  }

  row(key: string, label: string, issued: number): ReportRow {
    const rated =
      this.ratings[1]! + this.ratings[2]! + this.ratings[3]! + this.ratings[4]! + this.ratings[5]!;
    const bad = this.ratings[1]! + this.ratings[2]!;
    const ratings: RatingFigures = {
      levels: [...this.ratings],
      rated,
      bad,
      badShare: rated === 0 ? null : Math.round((bad / rated) * 10_000) / 10_000,
      badReasons: { ...this.bad },
    };
    return {
      key,
      label,
      issued,
      served: this.served,
      noShow: this.noShow,
      transferred: this.transferred,
      cancelled: this.cancelled,
      expired: this.expired,
      wait: mergedFigures(this.waitParts, this.waitCount),
      service: mergedFigures(this.serviceParts, this.serviceCount),
      ratings,
    };
  }
}

/**
 * The figures of several sorted lists taken together. Durations are whole seconds in a bounded range, so a
 * counting pass (n + range steps) replaces a sort; the result is exactly what sorting would give.
 */
function mergedFigures(parts: readonly Int32Array[], count: number): DurationFigures {
  if (count === 0) return durationFigures([]);
  if (parts.length === 1) return durationFigures(parts[0]!);
  let max = 0;
  for (const part of parts) max = Math.max(max, part[part.length - 1] ?? 0);
  if (max > 4 * count + 4096) {
    const all = new Int32Array(count);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return durationFigures(all.sort());
  }
  const counts = new Uint32Array(max + 1);
  let sum = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i += 1) {
      const v = part[i]!;
      counts[v]! += 1;
      sum += v;
    }
  }
  // 1-based ranks of the two middle values and of p90 (nearest rank).
  const lowMid = Math.floor((count + 1) / 2);
  const highMid = Math.floor(count / 2) + 1;
  const p90Rank = Math.ceil(0.9 * count);
  let seen = 0;
  let low = -1;
  let high = -1;
  let p90 = -1;
  for (let v = 0; v <= max && p90 < 0; v += 1) {
    seen += counts[v]!;
    if (low < 0 && seen >= lowMid) low = v;
    if (high < 0 && seen >= highMid) high = v;
    if (p90 < 0 && seen >= p90Rank) p90 = v;
  }
  return {
    count,
    averageSeconds: Math.round((sum / count) * 10) / 10,
    medianSeconds: count % 2 === 1 ? low : (low + high) / 2,
    p90Seconds: p90,
  };
}

const enumerateDays = (from: string, to: string): string[] => {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

export { enumerateDays };

/**
 * The report over a range of business days, from their summaries. Counting rules:
 * - issued: by the service a ticket was issued for — a transferred ticket is issued once, not again where it went;
 * - served, no-show, cancelled, expired, waits, service times and ratings: where the ticket ended (final service,
 *   last window, last clerk);
 * - transferred: the hall total counts each transferred ticket once; a service, window or clerk counts the
 *   distinct tickets it sent on;
 * - for windows and clerks `issued` is the number of tickets they handled (called at least once).
 */
export function buildReport(input: {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly days: readonly DaySummary[];
  readonly names: ReportNames;
}): Report {
  const total = new Accumulator();
  const services = new Map<string, Accumulator>();
  const windows = new Map<string, Accumulator>();
  const clerks = new Map<string, Accumulator>();
  const issuedByService = new Map<string, number>();
  const hours = new Array<number>(24).fill(0);
  let totalIssued = 0;
  const get = (map: Map<string, Accumulator>, key: string) => {
    let acc = map.get(key);
    if (!acc) {
      acc = new Accumulator();
      map.set(key, acc);
    }
    return acc;
  };
  const byDay: Report['byDay'] = [];
  for (const day of input.days) {
    let dayIssued = 0;
    let dayServed = 0;
    for (const [serviceId, n] of Object.entries(day.issued)) {
      issuedByService.set(serviceId, (issuedByService.get(serviceId) ?? 0) + n);
      dayIssued += n;
      get(services, serviceId);
    }
    totalIssued += dayIssued;
    for (let h = 0; h < 24; h += 1) hours[h]! += day.hours[h] ?? 0;
    total.transferred += day.transferredTickets;
    for (const [id, n] of Object.entries(day.transfersOut.services)) get(services, id).transferred += n;
    for (const [id, n] of Object.entries(day.transfersOut.windows)) get(windows, id).transferred += n;
    for (const [id, n] of Object.entries(day.transfersOut.clerks)) get(clerks, id).transferred += n;
    for (const leaf of day.leaves) {
      total.add(leaf);
      get(services, leaf.s).add(leaf);
      if (leaf.w !== null) get(windows, leaf.w).add(leaf);
      if (leaf.c !== null) get(clerks, leaf.c).add(leaf);
      dayServed += leaf.served;
    }
    byDay.push({ day: day.day, issued: dayIssued, served: dayServed });
  }
  const order = (names: ReadonlyMap<string, string>) => {
    const known = [...names.keys()];
    return (a: string, b: string) => {
      const ia = known.indexOf(a);
      const ib = known.indexOf(b);
      return (
        (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib) ||
        a.localeCompare(b)
      );
    };
  };
  const rows = (
    map: Map<string, Accumulator>,
    names: ReadonlyMap<string, string>,
    issued: (id: string, acc: Accumulator) => number,
  ) =>
    [...map.keys()]
      .sort(order(names))
      .map((id) => map.get(id)!.row(id, names.get(id) ?? id, issued(id, map.get(id)!)));
  return {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    total: total.row('total', '合计 · Total', totalIssued),
    byService: rows(services, input.names.services, (id) => issuedByService.get(id) ?? 0),
    byWindow: rows(windows, input.names.windows, (_id, acc) => acc.handled),
    byClerk: rows(clerks, input.names.clerks, (_id, acc) => acc.handled),
    issuedByHour: hours,
    byDay,
  };
}
