import type { ItemReportLine, ReportLine } from '@hallq/protocol';
import type { Pool } from 'pg';

export interface ReportRange {
  readonly from: string;
  readonly to: string;
  readonly region?: string | null;
}

/** The roll-ups' figures summed over a group: the same columns in every report. */
const FIGURES = `sum(r.issued)::int AS issued, sum(r.served)::int AS served, sum(r.no_shows)::int AS no_shows,
    (sum(r.wait_ms_sum) / nullif(sum(r.served), 0))::float AS avg_wait, max(r.wait_ms_max) AS max_wait,
    (sum(r.service_ms_sum) / nullif(sum(r.served), 0))::float AS avg_service,
    sum(r.rated)::int AS rated, (sum(r.rating_sum)::float / nullif(sum(r.rated), 0)) AS avg_rating,
    sum(r.bad_ratings)::int AS bad`;

interface FigureColumns {
  issued: number;
  served: number;
  no_shows: number;
  avg_wait: number | null;
  max_wait: number;
  avg_service: number | null;
  rated: number;
  avg_rating: number | null;
  bad: number;
}

const figuresOf = (r: FigureColumns) => ({
  issued: r.issued,
  served: r.served,
  noShows: r.no_shows,
  averageWaitMs: r.avg_wait,
  longestWaitMs: r.max_wait,
  averageServiceMs: r.avg_service,
  rated: r.rated,
  averageRating: r.avg_rating,
  badRatings: r.bad,
});

const REPORT = `
  SELECT r.hall_id, h.name, h.region, r.service_id, s.name_zh, s.name_en, s.item_code, s.item_base,
    ${FIGURES}
  FROM daily_rollups r JOIN halls h USING (hall_id)
  LEFT JOIN hall_services s ON s.hall_id = r.hall_id AND s.service_id = r.service_id
  WHERE r.business_day >= $1::date AND r.business_day <= $2::date AND ($3::text IS NULL OR h.region = $3)
  GROUP BY r.hall_id, h.name, h.region, r.service_id, s.name_zh, s.name_en, s.item_code, s.item_base
  ORDER BY h.region, r.hall_id, r.service_id`;

/**
 * Waits, service times, no-shows and ratings by hall and service for a range of business days (a day, a week, a
 * month), for all halls or one region: from the daily roll-ups, never from the tickets. Each line carries the
 * service's name and 事项 code as the hall last configured them.
 */
export async function crossHallReport(pool: Pool, range: ReportRange): Promise<ReportLine[]> {
  const rows = await pool.query<
    FigureColumns & {
      hall_id: string;
      name: string;
      region: string;
      service_id: string;
      name_zh: string | null;
      name_en: string | null;
      item_code: string | null;
      item_base: string | null;
    }
  >(REPORT, [range.from, range.to, range.region ?? null]);
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    hallName: r.name,
    region: r.region,
    serviceId: r.service_id,
    serviceName: r.name_zh === null ? null : { zh: r.name_zh, en: r.name_en ?? r.name_zh },
    itemCode: r.item_code,
    itemBaseCode: r.item_base,
    ...figuresOf(r),
  }));
}

const BY_ITEM = `
  SELECT s.item_base, count(DISTINCT r.hall_id)::int AS halls,
    array_agg(DISTINCT s.name_zh) FILTER (WHERE s.name_zh IS NOT NULL) AS names,
    ${FIGURES}
  FROM daily_rollups r JOIN halls h USING (hall_id)
  LEFT JOIN hall_services s ON s.hall_id = r.hall_id AND s.service_id = r.service_id
  WHERE r.business_day >= $1::date AND r.business_day <= $2::date AND ($3::text IS NULL OR h.region = $3)
  GROUP BY s.item_base
  ORDER BY s.item_base NULLS LAST`;

/**
 * The same figures by 事项 code across halls: a hall's 社保卡申领 and another's 社会保障卡办理 are one line when
 * both carry out the same item. Services no hall gave a code make one last line (code null).
 */
export async function crossHallReportByItem(pool: Pool, range: ReportRange): Promise<ItemReportLine[]> {
  const rows = await pool.query<
    FigureColumns & {
      item_base: string | null;
      halls: number;
      names: string[] | null;
    }
  >(BY_ITEM, [range.from, range.to, range.region ?? null]);
  return rows.rows.map((r) => ({
    itemBaseCode: r.item_base,
    serviceNames: r.names ?? [],
    halls: r.halls,
    ...figuresOf(r),
  }));
}
