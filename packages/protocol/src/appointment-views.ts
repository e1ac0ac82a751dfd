import { z } from 'zod';
import { LocalizedText } from './hall-schema.ts';
// The same mobile number the kiosk's SMS offer takes (the booking page asks for one to reach the visitor).
import { MobileNumber } from './sms-settings.ts';
import { Day, Epoch, Id } from './wire-values.ts';

/**
 * 预约 (appointments) on the wire: booking codes, slots with their free places, an appointment as staff and
 * visitors see it (ID number, name and phone masked), the check-in answers, the day's supervision and the
 * report. The commands that carry them are in commands.ts (`appointment:*`) and the open API rows in api.ts.
 */

const Hhmm = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

/**
 * Booking codes: 8 characters of an alphabet without the look-alikes (no 0/O, 1/I/L), so a code read aloud,
 * typed on the kiosk's keypad or copied from a phone screen is not mistaken.
 */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BOOKING_CODE_LENGTH = 8;
export const BookingCode = z
  .string()
  .max(BOOKING_CODE_LENGTH)
  .regex(/^[2-9A-HJKMNP-Z]{8}$/, 'a booking code: 8 of 2-9 A-Z without I L O');
export type BookingCode = z.infer<typeof BookingCode>;

export const AppointmentCardType = z.enum(['resident', 'hk-mo-tw', 'foreign-2017', 'foreign-2023']);
export type AppointmentCardType = z.infer<typeof AppointmentCardType>;

/** Who books: the ID card's type and number (the hub checks the check digit), name and mobile number. */
export const AppointmentVisitor = z
  .object({
    cardType: AppointmentCardType,
    idNumber: z
      .string()
      .max(18)
      .regex(/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'an ID card number'),
    name: z.string().min(1).max(60),
    phone: MobileNumber,
  })
  .strict()
  .refine(
    (v) => (v.cardType === 'foreign-2017' ? /^[A-Z]{3}[0-9]{12}$/ : /^[0-9]{17}[0-9X]$/).test(v.idNumber),
    { message: 'the number does not have the form of its card type', path: ['idNumber'] },
  );
export type AppointmentVisitor = z.infer<typeof AppointmentVisitor>;

export const AppointmentBookRequest = z
  .object({ serviceId: Id, day: Day, slotStart: Hhmm, visitor: AppointmentVisitor })
  .strict();
export type AppointmentBookRequest = z.infer<typeof AppointmentBookRequest>;

export const AppointmentSlotsQuery = z.object({ serviceId: Id, day: Day }).strict();
export type AppointmentSlotsQuery = z.infer<typeof AppointmentSlotsQuery>;

export const AppointmentStatus = z.enum(['booked', 'checked-in', 'cancelled', 'missed']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
/** How the appointment was made: the public page, the open API, the help desk (admin console), hallctl. */
export const AppointmentChannel = z.enum(['public', 'api', 'desk', 'hallctl']);
export type AppointmentChannel = z.infer<typeof AppointmentChannel>;

export const SlotClosedReason = z.enum([
  'past',
  'too-soon',
  'too-far',
  'not-working-day',
  'no-appointments-that-day',
  'calendar-unknown',
  'full',
]);

export const SlotView = z.object({
  serviceId: Id,
  day: Day,
  slotStart: Hhmm,
  slotEnd: Hhmm,
  startsAt: Epoch,
  endsAt: Epoch,
  capacity: z.number().int().nonnegative(),
  taken: z.number().int().nonnegative(),
  /** Cancelled places not yet free again (against slot trading). */
  heldBack: z.number().int().nonnegative(),
  free: z.number().int().nonnegative(),
  bookable: z.boolean(),
  reason: SlotClosedReason.nullable(),
});
export type SlotView = z.infer<typeof SlotView>;

export const AppointmentSlots = z.object({
  serviceId: Id,
  serviceName: LocalizedText,
  day: Day,
  /** The bookable range today, in the hall's working days. */
  firstDay: Day,
  lastDay: Day,
  slots: z.array(SlotView).max(200),
});
export type AppointmentSlots = z.infer<typeof AppointmentSlots>;

/** An appointment as it may be shown: never the ID number, name or phone in full. */
export const AppointmentView = z.object({
  code: BookingCode,
  serviceId: Id,
  serviceName: LocalizedText,
  day: Day,
  slotStart: Hhmm,
  slotEnd: Hhmm,
  startsAt: Epoch,
  endsAt: Epoch,
  status: AppointmentStatus,
  channel: AppointmentChannel,
  /** Masked (张*三, 1101**********1234, 138****5678); null once purged with the identity retention. */
  visitorName: z.string().max(60).nullable(),
  idNumber: z.string().max(18).nullable(),
  phone: z.string().max(11).nullable(),
  bookedAt: Epoch,
  cancelledAt: Epoch.nullable(),
  checkedInAt: Epoch.nullable(),
  /** The ticket the check-in issued. */
  ticketId: Id.nullable(),
  checkInOpensAt: Epoch,
  checkInClosesAt: Epoch,
  /** Cancellable until then (while booked). */
  cancelDeadline: Epoch,
});
export type AppointmentView = z.infer<typeof AppointmentView>;

/** A no-show block (失约限制): why and until when the person cannot book. */
export const AppointmentBlockView = z.object({
  until: Epoch,
  /** Slot starts of the misses that reached the count, oldest first. */
  missedAt: z.array(Epoch).max(50),
});
export type AppointmentBlockView = z.infer<typeof AppointmentBlockView>;

/** The core's check-in decision (appointment-check-in.ts) on the wire. */
export const CheckInDecisionView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('in-window'), late: z.boolean(), queueAt: Epoch }),
  z.object({ kind: z.literal('too-early'), opensAt: Epoch }),
  z.object({ kind: z.literal('too-late'), closedAt: Epoch, outcome: z.enum(['refused', 'walk-in']) }),
  z.object({ kind: z.literal('not-checkable'), status: AppointmentStatus }),
]);
export type CheckInDecisionView = z.infer<typeof CheckInDecisionView>;

/** What the kiosk offers after an ID swipe or a typed/scanned code: the appointment and what check-in would do. */
export const AppointmentOffer = z.object({ appointment: AppointmentView, decision: CheckInDecisionView });
export type AppointmentOffer = z.infer<typeof AppointmentOffer>;

/** Today's slots for the supervision view: booked / checked in / missed / cancelled per slot. */
export const AppointmentDaySlot = z.object({
  slotStart: Hhmm,
  slotEnd: Hhmm,
  capacity: z.number().int().nonnegative(),
  booked: z.number().int().nonnegative(),
  checkedIn: z.number().int().nonnegative(),
  missed: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
});
export const AppointmentDayView = z.object({
  day: Day,
  services: z.array(
    z.object({ serviceId: Id, serviceName: LocalizedText, slots: z.array(AppointmentDaySlot) }),
  ),
});
export type AppointmentDayView = z.infer<typeof AppointmentDayView>;

/** Appointment figures of one service on one day. Rates are 0–1, null when there was nothing to divide by. */
export const AppointmentReportRow = z.object({
  day: Day,
  serviceId: Id,
  serviceName: LocalizedText,
  booked: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  checkedIn: z.number().int().nonnegative(),
  missed: z.number().int().nonnegative(),
  /** Checked in by the slot's start. */
  onTime: z.number().int().nonnegative(),
  /** Tickets of the service that day, and how many came from appointments. */
  tickets: z.number().int().nonnegative(),
  appointmentTickets: z.number().int().nonnegative(),
  appointmentShare: z.number().min(0).max(1).nullable(),
  checkInRate: z.number().min(0).max(1).nullable(),
  noShowRate: z.number().min(0).max(1).nullable(),
  onTimeRate: z.number().min(0).max(1).nullable(),
  /** Mean wait in seconds from the place in line to the first call: appointment tickets vs walk-ins. */
  appointmentWaitSeconds: z.number().nonnegative().nullable(),
  walkInWaitSeconds: z.number().nonnegative().nullable(),
});
export type AppointmentReportRow = z.infer<typeof AppointmentReportRow>;
export const AppointmentReport = z.object({
  from: Day,
  to: Day,
  rows: z.array(AppointmentReportRow),
});
export type AppointmentReport = z.infer<typeof AppointmentReport>;

/** Marks an appointment ticket carries in the ticket view (the ticket, lobby show 预约; the counter the slot). */
export const TicketAppointmentMark = z.object({
  code: BookingCode,
  day: Day,
  slotStart: Hhmm,
  slotEnd: Hhmm,
  /** Checked in after the slot started: stands in line from the check-in. */
  late: z.boolean(),
});
export type TicketAppointmentMark = z.infer<typeof TicketAppointmentMark>;
