/**
 * The estimator's inputs for the simulated hall, learnt from earlier simulated days the way the hub learns them
 * from its database: service durations per service, the changeover (walk + wrap-up), no-shows, the priority lane's
 * arrival rate; plus the hall's window schedule.
 */
import type { EstimatorInputs, ServiceTimeModel } from '@hallq/core';
import { type ObservedDay, SESSIONS, SIMULATED_DAY_START, simulatedSchedule } from './hall-day.ts';
import { percentile } from './stats.ts';

const MINUTE = 60_000;
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

export function serviceTimesFrom(days: readonly ObservedDay[]): ServiceTimeModel {
  const byService: Record<string, number[]> = {};
  for (const d of days) {
    for (const [id, xs] of Object.entries(d.serviceMs)) byService[id] = [...(byService[id] ?? []), ...xs];
  }
  const calls = days.reduce((s, d) => s + d.calls, 0);
  const noShows = days.reduce((s, d) => s + d.noShows, 0);
  return {
    byService,
    changeoverMs: mean(days.flatMap((d) => d.walkMs)) + mean(days.flatMap((d) => d.wrapMs)),
    noShowShare: calls === 0 ? 0 : noShows / calls,
    // A no-show holds the window from the first call to the mark (the hall's rule: 90 s in the simulation).
    noShowMs: 90_000 + mean(days.flatMap((d) => d.wrapMs)),
    idleCallMs: percentile(
      days.flatMap((d) => d.idleCallMs),
      50,
    ),
  };
}

export function priorityPerHourFrom(days: readonly ObservedDay[]): Record<string, number> {
  const hours = days.reduce((s, d) => s + d.openHours, 0);
  const out: Record<string, number> = {};
  for (const d of days) {
    for (const [id, n] of Object.entries(d.priorityArrivals)) out[id] = (out[id] ?? 0) + n / hours;
  }
  return out;
}

const at = (hhmm: string) =>
  SIMULATED_DAY_START + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MINUTE;

/** When ticket issuing stops after `now`: the end of the session now is in (or the next one). */
export function servicesCloseAfter(now: number): number {
  for (const s of SESSIONS) if (now < at(s.to)) return at(s.to);
  return now;
}

/** The inputs at an instant: learnt once, the same object all session (so a carried outlook stays valid). */
export function estimatorInputsFrom(days: readonly ObservedDay[]): (now: number) => EstimatorInputs {
  const schedule = simulatedSchedule();
  const serviceTimes = serviceTimesFrom(days);
  const priorityPerHour = priorityPerHourFrom(days);
  const bySession = new Map<number, EstimatorInputs>();
  return (now) => {
    const until = servicesCloseAfter(now);
    let inputs = bySession.get(until);
    if (!inputs) {
      inputs = {
        schedule,
        dayStart: SIMULATED_DAY_START,
        serviceTimes,
        coming: { priorityPerHour, lateAppointments: [], until },
      };
      bySession.set(until, inputs);
    }
    return inputs;
  };
}
