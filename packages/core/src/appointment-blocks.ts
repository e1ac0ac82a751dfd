/**
 * No-show blocks (失约限制): `missed` missed appointments within `withinDays` days block booking for
 * `blockDays` days from the miss that reached the count. An admin may lift a block; misses up to the lift
 * no longer count.
 */
import type { Appointment } from './appointment.ts';
import type { NoShowBlockRule } from './appointment-rules.ts';

const DAY_MS = 86_400_000;

export interface NoShowHistory {
  /** Slot start times of the person's missed appointments, any order. */
  readonly missedAt: readonly number[];
  /** When an admin last lifted the person's block (audited by the hub); null if never. */
  readonly liftedAt: number | null;
}

export type BlockState =
  | { readonly blocked: false }
  | {
      readonly blocked: true;
      /** Booking is possible again from this moment. */
      readonly until: number;
      /** The misses that reached the count, oldest first: what the visitor is told. */
      readonly missedAt: readonly number[];
    };

/**
 * An appointment counts as missed once its check-in window closed without a check-in, whether or not the hub
 * has marked it yet, so a block never waits for a sweep.
 */
export function isMissed(a: Appointment, checkInAfterMinutes: number, now: number): boolean {
  if (a.status === 'missed') return true;
  return a.status === 'booked' && now > a.startsAt + checkInAfterMinutes * 60_000;
}

/** The person's no-show history from their appointments (`checkInAfterOf` gives each service's grace). */
export function noShowHistoryOf(
  appointments: readonly Appointment[],
  visitorKey: string,
  checkInAfterOf: (serviceId: string) => number,
  liftedAt: number | null,
  now: number,
): NoShowHistory {
  const missedAt = appointments
    .filter((a) => a.visitorKey === visitorKey && isMissed(a, checkInAfterOf(a.serviceId), now))
    .map((a) => a.startsAt);
  return { missedAt, liftedAt };
}

export function blockOf(history: NoShowHistory, now: number, rule: NoShowBlockRule): BlockState {
  if (rule.missed < 1) return { blocked: false };
  const counted = history.missedAt
    .filter((t) => t <= now && (history.liftedAt === null || t > history.liftedAt))
    .sort((a, b) => a - b);
  let worst: { until: number; missedAt: number[] } | null = null;
  for (let i = rule.missed - 1; i < counted.length; i++) {
    const last = counted[i] as number;
    const first = counted[i - rule.missed + 1] as number;
    if (last - first >= rule.withinDays * DAY_MS) continue;
    const until = last + rule.blockDays * DAY_MS;
    if (now < until && (worst === null || until > worst.until)) {
      worst = { until, missedAt: counted.slice(i - rule.missed + 1, i + 1) };
    }
  }
  return worst === null ? { blocked: false } : { blocked: true, ...worst };
}
