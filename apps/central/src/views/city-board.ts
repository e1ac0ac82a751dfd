import type { BoardHall } from '@hallq/protocol';
import type { Pool } from 'pg';

const BOARD = `
  SELECT h.hall_id, h.name, h.region, to_char(d.business_day, 'YYYY-MM-DD') AS business_day,
    w.waiting, (extract(epoch FROM w.longest_since) * 1000)::bigint AS longest_since,
    win.open_windows, r.rated, r.avg_level, r.bad, a.alerts,
    (extract(epoch FROM c.last_received_at) * 1000)::bigint AS last_received_at,
    (extract(epoch FROM c.last_event_at) * 1000)::bigint AS last_event_at
  FROM halls h
  JOIN hall_cursors c USING (hall_id)
  LEFT JOIN hall_days d USING (hall_id)
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS waiting, min(t.issued_at) AS longest_since FROM tickets t
    WHERE t.hall_id = h.hall_id AND t.status = 'waiting'
      AND (d.business_day IS NULL OR t.business_day = d.business_day)) w
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS open_windows FROM windows x
    WHERE x.hall_id = h.hall_id AND x.status = 'open' AND x.clerk_id IS NOT NULL) win
  CROSS JOIN LATERAL (
    SELECT count(level)::int AS rated, avg(level)::float AS avg_level,
      count(*) FILTER (WHERE level <= 2)::int AS bad
    FROM ratings r WHERE r.hall_id = h.hall_id AND r.at >= $1) r
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS alerts FROM chain_alerts a WHERE a.hall_id = h.hall_id AND a.resolved_at IS NULL) a
  WHERE h.revoked_at IS NULL AND ($2::text IS NULL OR h.region = $2)
  ORDER BY h.region, h.hall_id`;

/**
 * The live city board: each hall's waiting, longest wait, open windows, today's ratings, open alerts and when it
 * last reported. One query, each hall's figures from an index range of its own (active tickets, today's ratings).
 */
export async function cityBoard(
  pool: Pool,
  options: { readonly todayStart: number; readonly region?: string | null },
): Promise<BoardHall[]> {
  const rows = await pool.query<{
    hall_id: string;
    name: string;
    region: string;
    business_day: string | null;
    waiting: number;
    longest_since: number | null;
    open_windows: number;
    rated: number;
    avg_level: number | null;
    bad: number;
    alerts: number;
    last_received_at: number | null;
    last_event_at: number | null;
  }>(BOARD, [new Date(options.todayStart).toISOString(), options.region ?? null]);
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    name: r.name,
    region: r.region,
    businessDay: r.business_day,
    waiting: r.waiting,
    longestWaitingSince: r.longest_since,
    openWindows: r.open_windows,
    ratedToday: r.rated,
    averageRatingToday: r.avg_level,
    badRatingsToday: r.bad,
    openAlerts: r.alerts,
    lastReceivedAt: r.last_received_at,
    lastEventAt: r.last_event_at,
  }));
}
