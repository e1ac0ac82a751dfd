/**
 * The slots of a service on a day, with their places: capacity, taken, held back after a cancellation, free,
 * and whether a visitor may book one now, or why not.
 */
import { type Appointment, type SlotRef, sameSlot, takesPlace } from './appointment.ts';
import {
  type AppointmentPolicy,
  type AppointmentRules,
  DEFAULT_APPOINTMENT_POLICY,
} from './appointment-rules.ts';
import { businessDayOf, minuteOfDay } from './business-day.ts';
import { epochOfLocal, isCalendarDay, isoWeekday } from './calendar-day.ts';
import type { Hall, Service } from './hall.ts';
import { addWorkingDays, calendarCovers, isMakeUpWorkingDay, isWorkingDay } from './working-days.ts';

/** Why a slot cannot be booked now. */
export type SlotClosedReason =
  | 'past'
  | 'too-soon'
  | 'too-far'
  | 'not-working-day'
  | 'no-appointments-that-day'
  | 'calendar-unknown'
  | 'full';

export interface Slot extends SlotRef {
  readonly capacity: number;
  /** Places taken by appointments not cancelled. */
  readonly taken: number;
  /** Places cancelled less than `releaseAfterMinutes` ago: not free yet. */
  readonly heldBack: number;
  readonly free: number;
  readonly bookable: boolean;
  readonly reason: SlotClosedReason | null;
}

export const policyOf = (hall: Hall): AppointmentPolicy =>
  hall.rules.appointmentPolicy ?? DEFAULT_APPOINTMENT_POLICY;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The grid: slots of `slotMinutes` from the start of each span, each wholly inside its span. */
export function slotGrid(
  rules: Pick<AppointmentRules, 'slotMinutes' | 'hours'>,
): { start: string; end: string }[] {
  if (!(rules.slotMinutes > 0)) throw new Error(`slot length must be positive: ${rules.slotMinutes}`);
  const grid: { start: string; end: string }[] = [];
  for (const span of rules.hours) {
    const to = minuteOfDay(span.to);
    for (let m = minuteOfDay(span.from); m + rules.slotMinutes <= to; m += rules.slotMinutes) {
      grid.push({ start: hhmm(m), end: hhmm(m + rules.slotMinutes) });
    }
  }
  return grid;
}

/** Places in one slot: fixed, or per enabled window serving the service. */
export function slotCapacity(hall: Hall, service: Service, rules: AppointmentRules): number {
  if (rules.capacity.kind === 'fixed') return rules.capacity.places;
  const windows = hall.windows.filter((w) => w.enabled && w.serviceIds.includes(service.id)).length;
  return rules.capacity.places * windows;
}

/** The first and last days a visitor may book today (working days ahead, from the hall's local date). */
export function bookingHorizon(
  hall: Hall,
  rules: AppointmentRules,
  now: number,
): { readonly firstDay: string; readonly lastDay: string } {
  const today = businessDayOf(now, hall.rules.timeZone);
  const { calendar } = policyOf(hall);
  return {
    firstDay: addWorkingDays(today, rules.minWorkingDaysAhead, calendar),
    lastDay: addWorkingDays(today, rules.maxWorkingDaysAhead, calendar),
  };
}

/** Why no slot of that day may be booked now (null: the day is open for booking). */
export function dayClosedReason(
  hall: Hall,
  rules: AppointmentRules,
  day: string,
  now: number,
): Exclude<SlotClosedReason, 'full'> | null {
  const { calendar } = policyOf(hall);
  if (day < businessDayOf(now, hall.rules.timeZone)) return 'past';
  if (!calendarCovers(day, calendar)) return 'calendar-unknown';
  if (!isWorkingDay(day, calendar)) return 'not-working-day';
  const weekdayTakes = rules.weekdays.includes(isoWeekday(day));
  if (!weekdayTakes && !(rules.makeUpDays && isMakeUpWorkingDay(day))) return 'no-appointments-that-day';
  const { firstDay, lastDay } = bookingHorizon(hall, rules, now);
  if (day < firstDay) return 'too-soon';
  if (day > lastDay) return 'too-far';
  return null;
}

/** Places of one slot at `now`: taken, held back after a cancellation, and free. */
export function placesOf(
  slot: Pick<SlotRef, 'serviceId' | 'day' | 'slotStart'>,
  capacity: number,
  appointments: readonly Appointment[],
  releaseAfterMinutes: number,
  now: number,
): { readonly taken: number; readonly heldBack: number; readonly free: number } {
  let taken = 0;
  let heldBack = 0;
  for (const a of appointments) {
    if (!sameSlot(a, slot)) continue;
    if (takesPlace(a)) taken++;
    else if (a.cancelledAt !== null && now < a.cancelledAt + releaseAfterMinutes * 60_000) heldBack++;
  }
  // A capacity lowered under bookings already made leaves no place free rather than a negative count.
  return { taken, heldBack, free: Math.max(0, capacity - taken - heldBack) };
}

export function appointmentRulesOf(
  hall: Hall,
  serviceId: string,
): { service: Service; rules: AppointmentRules } | null {
  const service = hall.services.find((s) => s.id === serviceId);
  if (!service?.enabled || !service.appointments) return null;
  return { service, rules: service.appointments };
}

/**
 * Every slot of a service on a local day, with its places and whether it may be booked now. Empty when the
 * service takes no appointments or the day is no calendar date. `appointments` must hold at least the service's
 * appointments of that day.
 */
export function slotsFor(
  hall: Hall,
  serviceId: string,
  day: string,
  appointments: readonly Appointment[],
  now: number,
): Slot[] {
  const found = appointmentRulesOf(hall, serviceId);
  if (!found || !isCalendarDay(day)) return [];
  const { service, rules } = found;
  const capacity = slotCapacity(hall, service, rules);
  const dayReason = dayClosedReason(hall, rules, day, now);
  const { timeZone } = hall.rules;
  return slotGrid(rules).map(({ start, end }) => {
    const startsAt = epochOfLocal(day, start, timeZone);
    const ref: SlotRef = {
      serviceId,
      day,
      slotStart: start,
      slotEnd: end,
      startsAt,
      endsAt: epochOfLocal(day, end, timeZone),
    };
    const places = placesOf(ref, capacity, appointments, rules.releaseAfterMinutes, now);
    const reason: SlotClosedReason | null =
      dayReason ?? (startsAt <= now ? 'past' : places.free === 0 ? 'full' : null);
    return { ...ref, capacity, ...places, bookable: reason === null, reason };
  });
}
