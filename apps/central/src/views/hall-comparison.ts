import { COMPARISON_REGION_MAX, DEFAULT_WAIT_SLA_MINUTES, type HallFigures } from '@hallq/protocol';
import type { Pool } from 'pg';
import { localMidnight, nextDay } from './local-day.ts';

/*
 * The waits from the tickets rather than the roll-ups: a median and a 90th percentile do not add up from daily
 * sums. The range's tickets of each hall are an index range of tickets_day (business_day, hall_id); durations in
 * double precision (date_part), not numeric (extract), for the sorts of the percentiles.
 */
const WAITS = `
  SELECT t.hall_id, count(*)::int AS tickets,
    count(*) FILTER (WHERE t.status = 'done')::int AS served,
    count(*) FILTER (WHERE t.status = 'no-show')::int AS no_shows,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY t.wait_ms) AS median_wait,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY t.wait_ms) AS p90_wait,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY t.service_ms) AS median_service,
    count(*) FILTER (WHERE t.wait_ms <= coalesce(t.sla, $4) * 60000)::float / nullif(count(t.wait_ms), 0)
      AS within_sla,
    coalesce(bool_or(t.wait_ms IS NOT NULL AND t.sla IS NULL), false) AS sla_default
  FROM (
    SELECT t.hall_id, t.status,
      -- Never below zero, as in the roll-ups (greatest ignores a null: the CASE keeps "not called" null).
      CASE WHEN t.first_called_at IS NOT NULL
        THEN greatest(0, date_part('epoch', t.first_called_at - t.issued_at) * 1000) END AS wait_ms,
      CASE WHEN t.status = 'done' AND t.ended_at IS NOT NULL AND t.started_at IS NOT NULL
        THEN greatest(0, date_part('epoch', t.ended_at - t.started_at) * 1000) END AS service_ms,
      s.sla_wait_minutes AS sla
    FROM tickets t
    LEFT JOIN hall_services s ON s.hall_id = t.hall_id AND s.service_id = t.service_id
    WHERE t.hall_id = ANY($1::text[]) AND t.business_day >= $2::date AND t.business_day <= $3::date) t
  GROUP BY t.hall_id`;

/*
 * The ratings given in the range (from its first local midnight to the one after its last day), by the index
 * ratings_hall_at: a rating comes minutes after its ticket, so these are the range's tickets' ratings but at a
 * midnight's edge, and never a join of every ticket to its rating (that doubled the query's time).
 */
const RATINGS = `
  SELECT r.hall_id, count(r.level)::int AS rated, avg(r.level)::float AS avg_rating,
    count(*) FILTER (WHERE r.level <= 2)::float / nullif(count(r.level), 0) AS bad_share
  FROM ratings r
  WHERE r.hall_id = ANY($1::text[]) AND r.at >= $5 AND r.at < $6
  GROUP BY r.hall_id`;

const COMPARISON = `
  WITH w AS (${WAITS}), r AS (${RATINGS})
  SELECT h.hall_id, h.name, h.region, coalesce(w.tickets, 0) AS tickets, coalesce(w.served, 0) AS served,
    coalesce(w.no_shows, 0) AS no_shows, w.median_wait, w.p90_wait, w.median_service, w.within_sla,
    coalesce(w.sla_default, false) AS sla_default, coalesce(r.rated, 0) AS rated, r.avg_rating, r.bad_share
  FROM halls h
  LEFT JOIN w ON w.hall_id = h.hall_id
  LEFT JOIN r ON r.hall_id = h.hall_id
  WHERE h.hall_id = ANY($1::text[])
  ORDER BY array_position($1::text[], h.hall_id)`;

/**
 * The halls' key figures side by side over a range of business days, in the order asked: tickets, median and
 * 90th-percentile wait, median service time, the share of waits within their service's limit (the hall's own, or
 * the default where it never reported one), the ratings given in the range and their 差评 share, the no-show
 * share. A hall id the centre does not know is left out.
 */
export async function compareHalls(
  pool: Pool,
  query: {
    readonly hallIds: readonly string[];
    readonly from: string;
    readonly to: string;
    /** The halls' time zone: where the range's days begin and end for the ratings. */
    readonly timeZone: string;
  },
): Promise<HallFigures[]> {
  const rows = await pool.query<{
    hall_id: string;
    name: string;
    region: string;
    tickets: number;
    served: number;
    no_shows: number;
    median_wait: number | null;
    p90_wait: number | null;
    median_service: number | null;
    within_sla: number | null;
    sla_default: boolean;
    rated: number;
    avg_rating: number | null;
    bad_share: number | null;
  }>(COMPARISON, [
    query.hallIds,
    query.from,
    query.to,
    DEFAULT_WAIT_SLA_MINUTES,
    new Date(localMidnight(query.from, query.timeZone)).toISOString(),
    new Date(localMidnight(nextDay(query.to), query.timeZone)).toISOString(),
  ]);
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    hallName: r.name,
    region: r.region,
    tickets: r.tickets,
    served: r.served,
    noShows: r.no_shows,
    medianWaitMs: r.median_wait,
    p90WaitMs: r.p90_wait,
    medianServiceMs: r.median_service,
    withinSlaShare: r.within_sla,
    slaIsDefault: r.sla_default,
    rated: r.rated,
    averageRating: r.avg_rating,
    badRatingShare: r.bad_share,
    noShowShare: r.tickets === 0 ? null : r.no_shows / r.tickets,
  }));
}

/** The ids of a region's halls (not revoked), the first COMPARISON_REGION_MAX by id. */
export async function hallsOfRegion(pool: Pool, region: string): Promise<string[]> {
  const rows = await pool.query<{ hall_id: string }>(
    `SELECT hall_id FROM halls WHERE region = $1 AND revoked_at IS NULL ORDER BY hall_id LIMIT $2`,
    [region, COMPARISON_REGION_MAX],
  );
  return rows.rows.map((r) => r.hall_id);
}
