import type { ReportLine } from '@hallq/protocol';

/** How the table groups the report's hall × service lines ('item': by 事项 code, the same item across halls). */
export type GroupBy = 'hall' | 'region' | 'service' | 'item';

/** One row of the table: the lines of a hall, a region or a service added up. */
export interface ReportRow {
  readonly key: string;
  readonly label: string;
  readonly halls: number;
  /** What the halls call the group's services (Chinese names as configured, each once). */
  readonly serviceNames: readonly string[];
  readonly issued: number;
  readonly served: number;
  readonly noShows: number;
  readonly averageWaitMs: number | null;
  readonly longestWaitMs: number;
  readonly averageServiceMs: number | null;
  readonly rated: number;
  readonly averageRating: number | null;
  readonly badRatings: number;
}

interface Sums {
  label: string;
  halls: Set<string>;
  serviceNames: Set<string>;
  issued: number;
  served: number;
  noShows: number;
  // Averages come back as sums weighted by what they average over, so groups add up exactly.
  waitSum: number;
  waitServed: number;
  longestWaitMs: number;
  serviceSum: number;
  serviceServed: number;
  rated: number;
  ratingSum: number;
  badRatings: number;
}

/** The group's key and label; services without a 事项 code make one item group, key and label ''. */
function keyOf(line: ReportLine, by: GroupBy): [string, string] {
  switch (by) {
    case 'hall':
      return [line.hallId, line.hallName];
    case 'region':
      return [line.region, line.region];
    case 'service':
      return [line.serviceId, line.serviceId];
    case 'item':
      return [line.itemBaseCode ?? '', line.itemBaseCode ?? ''];
  }
}

/**
 * Adds the lines up by hall, region, service or 事项 code, in the order the groups first appear (by item: the
 * uncoded services last).
 */
export function groupReport(lines: readonly ReportLine[], by: GroupBy): ReportRow[] {
  const groups = new Map<string, Sums>();
  for (const line of lines) {
    const [key, label] = keyOf(line, by);
    let g = groups.get(key);
    if (!g) {
      g = {
        label,
        halls: new Set(),
        serviceNames: new Set(),
        issued: 0,
        served: 0,
        noShows: 0,
        waitSum: 0,
        waitServed: 0,
        longestWaitMs: 0,
        serviceSum: 0,
        serviceServed: 0,
        rated: 0,
        ratingSum: 0,
        badRatings: 0,
      };
      groups.set(key, g);
    }
    g.halls.add(line.hallId);
    if (line.serviceName) g.serviceNames.add(line.serviceName.zh);
    g.issued += line.issued;
    g.served += line.served;
    g.noShows += line.noShows;
    if (line.averageWaitMs !== null) {
      g.waitSum += line.averageWaitMs * line.served;
      g.waitServed += line.served;
    }
    g.longestWaitMs = Math.max(g.longestWaitMs, line.longestWaitMs);
    if (line.averageServiceMs !== null) {
      g.serviceSum += line.averageServiceMs * line.served;
      g.serviceServed += line.served;
    }
    if (line.averageRating !== null) {
      g.ratingSum += line.averageRating * line.rated;
      g.rated += line.rated;
    }
    g.badRatings += line.badRatings;
  }
  const ordered =
    by === 'item' ? [...groups].sort(([a], [b]) => Number(a === '') - Number(b === '')) : [...groups];
  return ordered.map(([key, g]) => ({
    key,
    label: g.label,
    halls: g.halls.size,
    serviceNames: [...g.serviceNames],
    issued: g.issued,
    served: g.served,
    noShows: g.noShows,
    averageWaitMs: g.waitServed === 0 ? null : g.waitSum / g.waitServed,
    longestWaitMs: g.longestWaitMs,
    averageServiceMs: g.serviceServed === 0 ? null : g.serviceSum / g.serviceServed,
    rated: g.rated,
    averageRating: g.rated === 0 ? null : g.ratingSum / g.rated,
    badRatings: g.badRatings,
  }));
}
