import type { ReportLine } from '@hallq/protocol';

/** How the table groups the report's hall × service lines. */
export type GroupBy = 'hall' | 'region' | 'service';

/** One row of the table: the lines of a hall, a region or a service added up. */
export interface ReportRow {
  readonly key: string;
  readonly label: string;
  readonly halls: number;
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

const keyOf = (line: ReportLine, by: GroupBy): [string, string] =>
  by === 'hall'
    ? [line.hallId, line.hallName]
    : by === 'region'
      ? [line.region, line.region]
      : [line.serviceId, line.serviceId];

/** Adds the lines up by hall, region or service, in the order the groups first appear. */
export function groupReport(lines: readonly ReportLine[], by: GroupBy): ReportRow[] {
  const groups = new Map<string, Sums>();
  for (const line of lines) {
    const [key, label] = keyOf(line, by);
    let g = groups.get(key);
    if (!g) {
      g = {
        label,
        halls: new Set(),
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
  return [...groups].map(([key, g]) => ({
    key,
    label: g.label,
    halls: g.halls.size,
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
