/**
 * The booking and cancellation decisions: pure checks over the hall, the slot's appointments and the person's,
 * answering ok with the slot, or a typed refusal the booking page turns into words.
 */
import { type Appointment, type SlotRef, sameSlot, takesPlace } from './appointment.ts';
import { blockOf, noShowHistoryOf } from './appointment-blocks.ts';
import {
  appointmentRulesOf,
  bookingHorizon,
  dayClosedReason,
  placesOf,
  policyOf,
  slotCapacity,
  slotGrid,
} from './appointment-slots.ts';
import { epochOfLocal, isCalendarDay, monthOf, weekOf } from './calendar-day.ts';
import type { Hall } from './hall.ts';

export type PersonLimitKind = 'service' | 'day' | 'week' | 'month';

export type BookingRefusal =
  | { readonly code: 'SERVICE_NOT_BOOKABLE' }
  | { readonly code: 'NOT_A_SLOT' }
  | { readonly code: 'BLOCKED'; readonly until: number; readonly missedAt: readonly number[] }
  | { readonly code: 'SLOT_PAST' }
  | { readonly code: 'CALENDAR_UNKNOWN' }
  | { readonly code: 'NOT_WORKING_DAY' }
  | { readonly code: 'NO_APPOINTMENTS_THAT_DAY' }
  | { readonly code: 'TOO_SOON'; readonly firstDay: string }
  | { readonly code: 'TOO_FAR'; readonly lastDay: string }
  | { readonly code: 'ALREADY_BOOKED'; readonly appointmentId: string }
  | { readonly code: 'PERSON_LIMIT'; readonly limit: PersonLimitKind; readonly max: number }
  | { readonly code: 'SLOT_FULL' };

export type BookingRefusalCode = BookingRefusal['code'];

export type BookingDecision =
  | { readonly ok: true; readonly slot: SlotRef }
  | { readonly ok: false; readonly refusal: BookingRefusal };

export interface BookingRequest {
  readonly serviceId: string;
  readonly day: string;
  readonly slotStart: string;
  readonly visitorKey: string;
}

export interface BookingContext {
  readonly hall: Hall;
  /** At least: every appointment of the requested slot and every appointment of the person. */
  readonly appointments: readonly Appointment[];
  /** When an admin last lifted this person's no-show block; null if never. */
  readonly blockLiftedAt: number | null;
  readonly now: number;
}

const refuse = (refusal: BookingRefusal): BookingDecision => ({ ok: false, refusal });

/**
 * May this person book this slot now? Checks, in the order a visitor needs the answer: the service, the slot,
 * a no-show block, the day and horizon, the person's limits, and last the free places (so "full" is never
 * shown to someone who could not have booked anyway).
 */
export function decideBooking(request: BookingRequest, ctx: BookingContext): BookingDecision {
  const { hall, appointments, now } = ctx;
  const found = appointmentRulesOf(hall, request.serviceId);
  if (!found) return refuse({ code: 'SERVICE_NOT_BOOKABLE' });
  const { service, rules } = found;
  const cell = slotGrid(rules).find((s) => s.start === request.slotStart);
  // A request comes from a visitor's page: a day that is no date is refused like a time off the grid.
  if (!cell || !isCalendarDay(request.day)) return refuse({ code: 'NOT_A_SLOT' });

  const policy = policyOf(hall);
  const graceOf = (serviceId: string): number =>
    hall.services.find((s) => s.id === serviceId)?.appointments?.checkInAfterMinutes ??
    rules.checkInAfterMinutes;
  const block = blockOf(
    noShowHistoryOf(appointments, request.visitorKey, graceOf, ctx.blockLiftedAt, now),
    now,
    policy.noShowBlock,
  );
  if (block.blocked) return refuse({ code: 'BLOCKED', until: block.until, missedAt: block.missedAt });

  const { timeZone } = hall.rules;
  const slot: SlotRef = {
    serviceId: request.serviceId,
    day: request.day,
    slotStart: cell.start,
    slotEnd: cell.end,
    startsAt: epochOfLocal(request.day, cell.start, timeZone),
    endsAt: epochOfLocal(request.day, cell.end, timeZone),
  };
  const dayReason = dayClosedReason(hall, rules, request.day, now);
  switch (dayReason) {
    case 'past':
      return refuse({ code: 'SLOT_PAST' });
    case 'calendar-unknown':
      return refuse({ code: 'CALENDAR_UNKNOWN' });
    case 'not-working-day':
      return refuse({ code: 'NOT_WORKING_DAY' });
    case 'no-appointments-that-day':
      return refuse({ code: 'NO_APPOINTMENTS_THAT_DAY' });
    case 'too-soon':
      return refuse({ code: 'TOO_SOON', firstDay: bookingHorizon(hall, rules, now).firstDay });
    case 'too-far':
      return refuse({ code: 'TOO_FAR', lastDay: bookingHorizon(hall, rules, now).lastDay });
    case null:
      break;
  }
  if (slot.startsAt <= now) return refuse({ code: 'SLOT_PAST' });

  const mine = appointments.filter((a) => a.visitorKey === request.visitorKey && takesPlace(a));
  const again = mine.find((a) => sameSlot(a, slot));
  if (again) return refuse({ code: 'ALREADY_BOOKED', appointmentId: again.id });
  const limit = personLimitReached(hall, request, mine, now);
  if (limit) return refuse({ code: 'PERSON_LIMIT', ...limit });

  const capacity = slotCapacity(hall, service, rules);
  if (placesOf(slot, capacity, appointments, rules.releaseAfterMinutes, now).free === 0) {
    return refuse({ code: 'SLOT_FULL' });
  }
  return { ok: true, slot };
}

/** The first per-person limit this booking would pass, or null. `mine`: the person's appointments not cancelled. */
function personLimitReached(
  hall: Hall,
  request: BookingRequest,
  mine: readonly Appointment[],
  now: number,
): { limit: PersonLimitKind; max: number } | null {
  const upcomingMax =
    hall.services.find((s) => s.id === request.serviceId)?.appointments?.perPersonUpcoming ?? null;
  if (upcomingMax !== null) {
    const upcoming = mine.filter(
      (a) => a.serviceId === request.serviceId && a.status === 'booked' && a.endsAt > now,
    ).length;
    if (upcoming >= upcomingMax) return { limit: 'service', max: upcomingMax };
  }
  const { perDay, perWeek, perMonth } = policyOf(hall).personLimits;
  const checks: [PersonLimitKind, number | null, (day: string) => string][] = [
    ['day', perDay, (d) => d],
    ['week', perWeek, weekOf],
    ['month', perMonth, monthOf],
  ];
  for (const [limit, max, periodOf] of checks) {
    if (max === null) continue;
    const period = periodOf(request.day);
    if (mine.filter((a) => periodOf(a.day) === period).length >= max) return { limit, max };
  }
  return null;
}

export type CancelDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'NOT_CANCELLABLE'; readonly status: Appointment['status'] }
  | { readonly ok: false; readonly code: 'CANCEL_DEADLINE_PASSED'; readonly deadline: number };

/** A booked appointment can be cancelled until `cancelDeadlineMinutes` before its slot. */
export function decideCancel(appointment: Appointment, hall: Hall, now: number): CancelDecision {
  if (appointment.status !== 'booked')
    return { ok: false, code: 'NOT_CANCELLABLE', status: appointment.status };
  const minutes =
    hall.services.find((s) => s.id === appointment.serviceId)?.appointments?.cancelDeadlineMinutes ?? 0;
  const deadline = appointment.startsAt - minutes * 60_000;
  if (now > deadline) return { ok: false, code: 'CANCEL_DEADLINE_PASSED', deadline };
  return { ok: true };
}
