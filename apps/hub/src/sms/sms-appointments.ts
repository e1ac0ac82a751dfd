import { businessDayOf, epochOfLocal } from '@hallq/core';
import type { SmsMessageKind } from '@hallq/protocol';
import { z } from 'zod';
import type { LogEntry } from '../store/event-log.ts';
import type { SmsVariables } from './sms-text.ts';

/** What the SMS outbox needs to know of an appointment (no personal data: the number is asked for apart). */
export interface SmsAppointment {
  /** The booking code. */
  readonly id: string;
  readonly serviceId: string;
  readonly day: string;
  readonly slotStart: string;
  readonly slotEnd: string;
  readonly status: string;
  readonly bookedAt: number;
}

/** The appointments module as the SMS outbox reads it (create-hub.ts wires the appointment desk in). */
export interface SmsAppointments {
  byCode(code: string): SmsAppointment | null;
  /** Every appointment of a day, whatever its status. */
  onDay(day: string): readonly SmsAppointment[];
  /** The visitor's number, opened from the appointment's own seal; null once purged. */
  phoneOf(code: string): string | null;
}

/** One appointment message decided: at most one per (appointment, kind), whatever replays it. */
export interface AppointmentSmsDecision {
  readonly appointmentCode: string;
  readonly kind: SmsMessageKind;
  readonly variables: SmsVariables;
}

/** The part of the appointment log entries the outbox reads: only the code (the rest is in the table). */
const AppointmentEntry = z.object({ code: z.string().max(32) });

const KIND_OF_ENTRY: Readonly<Record<string, SmsMessageKind>> = {
  'appointment:booked': 'appointment-confirmed',
  'appointment:cancelled': 'appointment-cancelled',
};

/**
 * The template variables of an appointment's messages: {number} is the booking code (what the visitor types at
 * the kiosk), {date} the day, {time} the slot, {service} the service's name.
 */
export function appointmentVariables(a: SmsAppointment, serviceName: string): SmsVariables {
  return { number: a.id, date: a.day, time: `${a.slotStart}-${a.slotEnd}`, service: serviceName };
}

/**
 * The message an appointment log entry calls for: booked → confirmation, cancelled → cancellation. Decided
 * from the entry, so a booking cancelled before the outbox read it still gets both, in order.
 */
export function decideAppointmentEntry(
  entry: LogEntry,
  appointments: SmsAppointments,
  serviceName: (serviceId: string) => string,
): AppointmentSmsDecision | null {
  const kind = KIND_OF_ENTRY[entry.type];
  if (kind === undefined) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(entry.payload);
  } catch {
    return null;
  }
  const parsed = AppointmentEntry.safeParse(payload);
  if (!parsed.success) return null;
  const appointment = appointments.byCode(parsed.data.code);
  if (!appointment) return null;
  return {
    appointmentCode: appointment.id,
    kind,
    variables: appointmentVariables(appointment, serviceName(appointment.serviceId)),
  };
}

/** Where the reminders stand at `now`: which day's appointments are due one, and since when (null: not yet). */
export function reminderRound(
  now: number,
  reminderAt: string,
  timeZone: string,
): { readonly day: string; readonly since: number } | null {
  const today = businessDayOf(now, timeZone);
  const since = epochOfLocal(today, reminderAt, timeZone);
  if (now < since) return null;
  // Noon plus a day is tomorrow's date whatever the zone's offset changes do around midnight.
  const day = businessDayOf(epochOfLocal(today, '12:00', timeZone) + 86_400_000, timeZone);
  return { day, since };
}

/**
 * The reminders due for a round: appointments of the day still booked, booked before the reminder hour (one
 * booked later has just had its confirmation), and not reminded yet.
 */
export function dueReminders(
  round: { readonly day: string; readonly since: number },
  appointments: SmsAppointments,
  reminded: (code: string) => boolean,
): SmsAppointment[] {
  return appointments
    .onDay(round.day)
    .filter((a) => a.status === 'booked' && a.bookedAt < round.since && !reminded(a.id));
}
