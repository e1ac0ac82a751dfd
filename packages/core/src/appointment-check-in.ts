/**
 * 签到: may the visitor check in for their appointment now? The window runs from `checkInBeforeMinutes` before
 * the slot to `checkInAfterMinutes` after it, in epoch time, so a slot just after midnight behaves like any other.
 */
import type { Appointment } from './appointment.ts';
import type { AppointmentRules } from './appointment-rules.ts';

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
