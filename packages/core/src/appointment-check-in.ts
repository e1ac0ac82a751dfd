/**
 * 签到: may the visitor check in for their appointment now? The window runs from `checkInBeforeMinutes` before
 * the slot to `checkInAfterMinutes` after it, in epoch time, so a slot just after midnight behaves like any other.
 */
import type { Appointment } from './appointment.ts';
import type { AppointmentRules } from './appointment-rules.ts';
import { businessDayOf } from './business-day.ts';
import type { Hall } from './hall.ts';

export type CheckInDecision =
  /**
   * Checked in. `queueAt` is the ticket's place in line: the slot's start for a visitor on time, the moment of
   * check-in for one who came after the slot started (they lose the slot's precedence).
   */
  | { readonly kind: 'in-window'; readonly late: boolean; readonly queueAt: number }
  | { readonly kind: 'too-early'; readonly opensAt: number }
  /** After the window: refused, or an ordinary walk-in ticket, per the hall's late policy. */
  | { readonly kind: 'too-late'; readonly closedAt: number; readonly outcome: 'refused' | 'walk-in' }
  | { readonly kind: 'not-checkable'; readonly status: Appointment['status'] };

export function checkInWindow(
  appointment: Pick<Appointment, 'startsAt'>,
  rules: Pick<AppointmentRules, 'checkInBeforeMinutes' | 'checkInAfterMinutes'>,
): { readonly opensAt: number; readonly closesAt: number } {
  return {
    opensAt: appointment.startsAt - rules.checkInBeforeMinutes * 60_000,
    closesAt: appointment.startsAt + rules.checkInAfterMinutes * 60_000,
  };
}

export function decideCheckIn(
  appointment: Appointment,
  now: number,
  rules: Pick<AppointmentRules, 'checkInBeforeMinutes' | 'checkInAfterMinutes' | 'latePolicy'>,
): CheckInDecision {
  if (appointment.status !== 'booked') return { kind: 'not-checkable', status: appointment.status };
  const { opensAt, closesAt } = checkInWindow(appointment, rules);
  if (now < opensAt) return { kind: 'too-early', opensAt };
  if (now <= closesAt) {
    const late = now > appointment.startsAt;
    return { kind: 'in-window', late, queueAt: late ? now : appointment.startsAt };
  }
  return {
    kind: 'too-late',
    closedAt: closesAt,
    outcome: rules.latePolicy === 'walk-in' ? 'walk-in' : 'refused',
  };
}

/**
 * The appointment the kiosk offers a visitor who swiped their ID card ("您预约了 10:00–10:30 社保业务，现在签到？"):
 * their booked appointments of today, the one whose check-in window is open first, then the next one to come,
 * then the latest one already lapsed (so the kiosk can say it lapsed). Null when they have none today.
 */
export function appointmentToOffer(
  hall: Hall,
  appointments: readonly Appointment[],
  visitorKey: string,
  now: number,
): { readonly appointment: Appointment; readonly decision: CheckInDecision } | null {
  const today = businessDayOf(now, hall.rules.timeZone);
  // Open window first, then the next to come (earliest slot), then the latest lapsed.
  const rank = (d: CheckInDecision): number => (d.kind === 'in-window' ? 0 : d.kind === 'too-early' ? 1 : 2);
  const before = (x: { appointment: Appointment; decision: CheckInDecision }, y: typeof x): boolean => {
    const byRank = rank(x.decision) - rank(y.decision);
    if (byRank !== 0) return byRank < 0;
    return rank(x.decision) === 2
      ? x.appointment.startsAt > y.appointment.startsAt
      : x.appointment.startsAt < y.appointment.startsAt;
  };
  let best: { appointment: Appointment; decision: CheckInDecision } | null = null;
  for (const appointment of appointments) {
    if (appointment.visitorKey !== visitorKey || appointment.status !== 'booked' || appointment.day !== today)
      continue;
    const rules = hall.services.find((s) => s.id === appointment.serviceId)?.appointments;
    if (!rules) continue;
    const candidate = { appointment, decision: decideCheckIn(appointment, now, rules) };
    if (best === null || before(candidate, best)) best = candidate;
  }
  return best;
}
