import {
  arrivalForecastFrom,
  localDateTime,
  type PastDay,
  type PlannerDay,
  sameWeekdayBefore,
} from '@hallq/core';
import type { HallConfig, PlannerQuery } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import { type PastTicket, serviceTimeModelOf } from '../estimator/history-model.ts';

const DEFAULT_WEEKS = 4;
const DEFAULT_GROWTH = 1;
/** Without history, the planner shows the hall's usual day: 9:00–17:00. */
const FALLBACK = { startMinute: 9 * 60, halfHours: 16 };

interface Row {
  service_id: string;
  clerk_id: string | null;
  window_id: string | null;
  visitor_class: string;
  status: string;
  business_day: string;
  issued_at: number;
  first_called_at: number | null;
  last_called_at: number | null;
  started_at: number | null;
  ended_at: number | null;
}

const ticketsOf = (db: HubDatabase, days: readonly string[]): Row[] => {
  if (days.length === 0) return [];
  const marks = days.map(() => '?').join(', ');
  return db
    .prepare<string[], Row>(
      `SELECT service_id, clerk_id, window_id, visitor_class, status, business_day, issued_at,
              first_called_at, last_called_at, started_at, ended_at
         FROM tickets WHERE business_day IN (${marks})`,
    )
    .all(...days);
};

/**
 * The simulator's day for `query`: arrivals per service and half-hour forecast from the same weekday of the last
 * weeks × a growth factor, service times and no-shows learnt from those days' tickets, lanes, the hall's windows.
 */
export function plannerDayOf(db: HubDatabase, config: HallConfig, query: PlannerQuery) {
  const weeks = query.weeks ?? DEFAULT_WEEKS;
  const growth = query.growth ?? DEFAULT_GROWTH;
  const rows = ticketsOf(db, sameWeekdayBefore(query.day, weeks));
  const known = new Set(config.services.map((s) => s.id));
  const zone = config.rules.timeZone;
  const byDay = new Map<string, PastDay['arrivals'][number][]>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    // A service the hall no longer has has no window to go to: it is left out of the forecast.
    if (!known.has(r.service_id)) continue;
    const minuteOfDay = localDateTime(r.issued_at, zone).minuteOfDay;
    first = Math.min(first, minuteOfDay);
    last = Math.max(last, minuteOfDay);
    const list = byDay.get(r.business_day) ?? [];
    list.push({ serviceId: r.service_id, minuteOfDay });
    byDay.set(r.business_day, list);
  }
  const span = Number.isFinite(first)
    ? {
        startMinute: Math.floor(first / 30) * 30,
        halfHours: Math.min(48, Math.floor(last / 30) - Math.floor(first / 30) + 1),
      }
    : FALLBACK;
  const days: PastDay[] = [...byDay].map(([businessDay, arrivals]) => ({ businessDay, arrivals }));
  const arrivals =
    days.length > 0
      ? arrivalForecastFrom(days, { ...span, growth })
      : { startMinute: span.startMinute, halfHours: Array.from({ length: span.halfHours }, () => ({})) };
  const model = serviceTimeModelOf(rows.map(pastTicketOf));
  const changeover = model?.changeoverMs ?? 60_000;
  const serviceSamplesMs = Object.fromEntries(
    config.services.map((s) => {
      const seen = model?.byService[s.id] ?? [];
      const durations = seen.length > 0 ? seen : [s.defaultServiceMinutes * 60_000];
      // The simulator's visit is the window's whole time per visitor: the changeover belongs to it.
      return [s.id, durations.map((ms) => ms + changeover)];
    }),
  );
  const priority = rows.filter((r) => r.visitor_class === 'priority').length;
  const day: PlannerDay = {
    windows: config.windows,
    callPolicy: config.rules.callPolicy,
    arrivals,
    serviceSamplesMs,
    priorityShare: rows.length === 0 ? 0 : priority / rows.length,
    noShowProbability: model?.noShowShare ?? 0,
    ...(model ? { noShowMs: model.noShowMs } : {}),
  };
  return { day, weeks, growth, historyDays: [...byDay.keys()].sort() };
}

function pastTicketOf(r: Row): PastTicket {
  return {
    serviceId: r.service_id,
    clerkId: r.clerk_id,
    windowId: r.window_id,
    priority: r.visitor_class === 'priority',
    noShow: r.status === 'no-show',
    businessDay: r.business_day,
    issuedAt: r.issued_at,
    firstCalledAt: r.first_called_at,
    lastCalledAt: r.last_called_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}
