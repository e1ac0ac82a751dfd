import {
  type EstimatorInputs,
  epochOfLocal,
  localDateTime,
  minuteOfDay,
  type ServiceTimeModel,
} from '@hallq/core';
import type { HallConfig } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import { type PastTicket, priorityPerHourOf, serviceTimeModelOf } from './history-model.ts';

/** The history the estimator learns from: the last four weeks, newest tickets first, at most this many. */
const HISTORY_DAYS = 28;
const HISTORY_ROWS = 60_000;

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

/**
 * The wait estimator's inputs, as the hub knows them: the hall's window schedule, and a service-time model and
 * priority arrival rate learnt from the ended tickets of the last four weeks (before today). Learnt once per
 * business day (a query of at most 60,000 rows) and kept; the same object is returned for a day, hall and opening
 * span, so the outlook a state carries stays valid from issue to issue. Undefined when the history is too short:
 * the transition then keeps the single-figure estimate.
 */
export function createEstimatorInputs(db: HubDatabase) {
  const query = db.prepare<[string, string, number], Row>(
    `SELECT service_id, clerk_id, window_id, visitor_class, status, business_day, issued_at,
            first_called_at, last_called_at, started_at, ended_at
       FROM tickets
      WHERE business_day >= ? AND business_day < ? AND status IN ('done', 'no-show')
      ORDER BY issued_at DESC
      LIMIT ?`,
  );
  let learnt: { day: string; model: ServiceTimeModel | null; priority: Record<string, number> } | null = null;
  let cached: { key: string; hall: HallConfig; inputs: EstimatorInputs } | null = null;

  function learn(day: string) {
    if (learnt?.day === day) return learnt;
    const from = new Date(Date.parse(`${day}T00:00:00Z`) - HISTORY_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const tickets: PastTicket[] = query.all(from, day, HISTORY_ROWS).map((r) => ({
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
    }));
    learnt = { day, model: serviceTimeModelOf(tickets), priority: priorityPerHourOf(tickets) };
    return learnt;
  }

  return (hall: HallConfig, businessDay: string, now: number): EstimatorInputs | undefined => {
    const { model, priority } = learn(businessDay);
    if (!model) return undefined;
    const until = issuingUntil(hall, businessDay, now);
    const key = `${businessDay}/${until}`;
    if (cached?.key === key && cached.hall === hall) return cached.inputs;
    const inputs: EstimatorInputs = {
      ...(hall.schedule ? { schedule: hall.schedule } : {}),
      dayStart: epochOfLocal(businessDay, '00:00', hall.rules.timeZone),
      serviceTimes: model,
      coming: { priorityPerHour: priority, lateAppointments: [], until },
    };
    cached = { key, hall, inputs };
    return inputs;
  };
}

/** When tickets stop being issued after `now`: the end of the opening span of any enabled service now is in. */
function issuingUntil(hall: HallConfig, businessDay: string, now: number): number {
  const minute = localDateTime(now, hall.rules.timeZone).minuteOfDay;
  let end = minute;
  for (const s of hall.services) {
    if (!s.enabled) continue;
    for (const span of s.openingHours) {
      const from = minuteOfDay(span.from);
      const to = minuteOfDay(span.to);
      if (from <= minute && minute < to) end = Math.max(end, to);
    }
  }
  return epochOfLocal(businessDay, '00:00', hall.rules.timeZone) + end * 60_000;
}
