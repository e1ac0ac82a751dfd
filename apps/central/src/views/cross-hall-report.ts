import type { ReportLine } from '@hallq/protocol';
import type { Pool } from 'pg';

const REPORT = `
  SELECT r.hall_id, h.name, h.region, r.service_id,
    sum(r.issued)::int AS issued, sum(r.served)::int AS served, sum(r.no_shows)::int AS no_shows,
    (sum(r.wait_ms_sum) / nullif(sum(r.served), 0))::float AS avg_wait, max(r.wait_ms_max) AS max_wait,
    (sum(r.service_ms_sum) / nullif(sum(r.served), 0))::float AS avg_service,
    sum(r.rated)::int AS rated, (sum(r.rating_sum)::float / nullif(sum(r.rated), 0)) AS avg_rating,
    sum(r.bad_ratings)::int AS bad
  FROM daily_rollups r JOIN halls h USING (hall_id)
  WHERE r.business_day >= $1::date AND r.business_day <= $2::date AND ($3::text IS NULL OR h.region = $3)
  GROUP BY r.hall_id, h.name, h.region, r.service_id
  ORDER BY h.region, r.hall_id, r.service_id`;

/**
 * Waits, service times, no-shows and ratings by hall and service for a range of business days (a day, a week, a
 * month), for all halls or one region: from the daily roll-ups, never from the tickets.
 */
export async function crossHallReport(
  pool: Pool,
  range: { readonly from: string; readonly to: string; readonly region?: string | null },
): Promise<ReportLine[]> {
  const rows = await pool.query<{
    hall_id: string;
    name: string;
    region: string;
    service_id: string;
    issued: number;
    served: number;
    no_shows: number;
    avg_wait: number | null;
    max_wait: number;
    avg_service: number | null;
    rated: number;
    avg_rating: number | null;
    bad: number;
  }>(REPORT, [range.from, range.to, range.region ?? null]);
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    hallName: r.name,
    region: r.region,
    serviceId: r.service_id,
    issued: r.issued,
    served: r.served,
    noShows: r.no_shows,
    averageWaitMs: r.avg_wait,
    longestWaitMs: r.max_wait,
    averageServiceMs: r.avg_service,
    rated: r.rated,
    averageRating: r.avg_rating,
    badRatings: r.bad,
  }));
}
