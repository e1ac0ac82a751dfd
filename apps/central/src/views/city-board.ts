import { type BoardHall, DEFAULT_WAIT_SLA_MINUTES } from '@hallq/protocol';
import type { Pool } from 'pg';

const BOARD = `
  SELECT h.hall_id, h.name, h.region, to_char(d.business_day, 'YYYY-MM-DD') AS business_day,
    w.waiting, (extract(epoch FROM w.longest_since) * 1000)::bigint AS longest_since,
    worst.service_id AS worst_service, worst.name_zh AS worst_zh, worst.name_en AS worst_en,
    (extract(epoch FROM worst.since) * 1000)::bigint AS worst_since, worst.sla AS worst_sla,
    worst.is_default AS worst_default, sla.tightest,
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
  -- Each waiting service's longest wait against that service's own limit; the worst ratio is the hall's.
  LEFT JOIN LATERAL (
    SELECT q.service_id, q.since, s.name_zh, s.name_en, coalesce(s.sla_wait_minutes, $4)::float AS sla,
      s.service_id IS NULL AS is_default
    FROM (
      SELECT t.service_id, min(t.issued_at) AS since FROM tickets t
      WHERE t.hall_id = h.hall_id AND t.status = 'waiting'
        AND (d.business_day IS NULL OR t.business_day = d.business_day)
      GROUP BY t.service_id) q
    LEFT JOIN hall_services s ON s.hall_id = h.hall_id AND s.service_id = q.service_id
    ORDER BY extract(epoch FROM $3::timestamptz - q.since) / coalesce(s.sla_wait_minutes, $4) DESC, q.service_id
    LIMIT 1) worst ON true
  -- The tightest limit of the services the hall's latest configuration lists (their rows carry its entry).
  CROSS JOIN LATERAL (
    SELECT min(s.sla_wait_minutes)::float AS tightest FROM hall_services s
    WHERE s.hall_id = h.hall_id
      AND s.entry_id = (SELECT max(x.entry_id) FROM hall_services x WHERE x.hall_id = h.hall_id)) sla
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
 * The live city board: each hall's waiting, longest wait (and the service furthest along its own SLA), open
 * windows, today's ratings, open alerts and when it last reported. One query, each hall's figures from an index
 * range of its own (active tickets, today's ratings). `now` ranks the waits against their limits.
 */
export async function cityBoard(
  pool: Pool,
  options: { readonly todayStart: number; readonly now: number; readonly region?: string | null },
): Promise<BoardHall[]> {
  const rows = await pool.query<{
    hall_id: string;
    name: string;
    region: string;
    business_day: string | null;
    waiting: number;
    longest_since: number | null;
    worst_service: string | null;
    worst_zh: string | null;
    worst_en: string | null;
    worst_since: number | null;
    worst_sla: number | null;
    worst_default: boolean | null;
    tightest: number | null;
    open_windows: number;
    rated: number;
    avg_level: number | null;
    bad: number;
    alerts: number;
    last_received_at: number | null;
    last_event_at: number | null;
  }>(BOARD, [
    new Date(options.todayStart).toISOString(),
    options.region ?? null,
    new Date(options.now).toISOString(),
    DEFAULT_WAIT_SLA_MINUTES,
  ]);
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    name: r.name,
    region: r.region,
    businessDay: r.business_day,
    waiting: r.waiting,
    longestWaitingSince: r.longest_since,
    worstWait:
      r.worst_service === null || r.worst_since === null || r.worst_sla === null
        ? null
        : {
            serviceId: r.worst_service,
            serviceName: r.worst_zh === null ? null : { zh: r.worst_zh, en: r.worst_en ?? r.worst_zh },
            waitingSince: r.worst_since,
            slaWaitMinutes: r.worst_sla,
            slaIsDefault: r.worst_default === true,
          },
    hallSlaWaitMinutes: r.tightest,
    openWindows: r.open_windows,
    ratedToday: r.rated,
    averageRatingToday: r.avg_level,
    badRatingsToday: r.bad,
    openAlerts: r.alerts,
    lastReceivedAt: r.last_received_at,
    lastEventAt: r.last_event_at,
  }));
}
