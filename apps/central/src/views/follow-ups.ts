import type { CityFollowUp } from '@hallq/protocol';
import type { Pool } from 'pg';

/** Unresolved follow-ups across halls (or all, with `includeResolved`), the earliest deadline first. */
export async function cityFollowUps(
  pool: Pool,
  options: { readonly now: number; readonly region?: string | null; readonly includeResolved?: boolean },
): Promise<CityFollowUp[]> {
  const rows = await pool.query<{
    hall_id: string;
    name: string;
    region: string;
    follow_up_id: string;
    case_number: string | null;
    level: number;
    status: string;
    due_day: string;
    due_at: number;
    opened_at: number;
  }>(
    `SELECT f.hall_id, h.name, h.region, f.follow_up_id, f.case_number, f.level, f.status,
       to_char(f.due_day, 'YYYY-MM-DD') AS due_day, (extract(epoch FROM f.due_at) * 1000)::bigint AS due_at,
       (extract(epoch FROM f.opened_at) * 1000)::bigint AS opened_at
     FROM follow_ups f JOIN halls h USING (hall_id)
     WHERE ($1::boolean OR f.status <> 'resolved') AND ($2::text IS NULL OR h.region = $2)
     ORDER BY f.due_at, f.hall_id LIMIT 1000`,
    [options.includeResolved ?? false, options.region ?? null],
  );
  return rows.rows.map((r) => ({
    hallId: r.hall_id,
    hallName: r.name,
    region: r.region,
    followUpId: r.follow_up_id,
    caseNumber: r.case_number,
    level: r.level,
    status: r.status,
    dueDay: r.due_day,
    dueAt: r.due_at,
    overdue: r.status !== 'resolved' && options.now >= r.due_at,
    openedAt: r.opened_at,
  }));
}
