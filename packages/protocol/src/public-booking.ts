import { z } from 'zod';
import { AppointmentView, BookingCode } from './appointment-views.ts';
import { LocalizedText } from './hall-schema.ts';

/**
 * The public booking page (apps/visitor `/book/`) and the hub's routes beside it on the public listener
 * (apps/hub/src/public/booking-routes.ts). Bookings themselves are `AppointmentBookRequest`.
 */

const IdNumber = z
  .string()
  .max(18)
  .regex(/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'an ID card number');

/** Services that take appointments, for the first step of the page. */
export const PublicBookingServices = z.object({
  hallName: LocalizedText,
  /** The hall's zone: the page shows check-in times in it. */
  timeZone: z.string().max(64),
  services: z
    .array(z.object({ id: z.string().max(80), name: LocalizedText, prefix: z.string().max(4) }))
    .max(100),
});
export type PublicBookingServices = z.infer<typeof PublicBookingServices>;

/** The days one service can be booked on, with the free places of each (0 and `open: false` on a day off). */
export const PublicBookingDays = z.object({
  serviceId: z.string().max(80),
  serviceName: LocalizedText,
  days: z
    .array(
      z.object({
        day: z.string().max(10),
        free: z.number().int().nonnegative(),
        open: z.boolean(),
      }),
    )
    .max(200),
});
export type PublicBookingDays = z.infer<typeof PublicBookingDays>;

/** A visitor's own appointment: its booking code and the number of the ID card it was booked with. */
export const PublicAppointmentKey = z.object({ code: BookingCode, idNumber: IdNumber }).strict();
export type PublicAppointmentKey = z.infer<typeof PublicAppointmentKey>;

/** A booking made: the appointment (masked) and its QR code (the bare booking code) as an SVG data URL. */
export const PublicBooked = z.object({
  appointment: AppointmentView,
  qr: z.string().max(100_000),
});
export type PublicBooked = z.infer<typeof PublicBooked>;

/** Why the page's request failed: a closed code, the hub's words, and the rule's details for a booking refusal. */
export const PublicBookingError = z.object({
  error: z.object({
    code: z.string().max(40),
    message: z.object({ zh: z.string().max(400), en: z.string().max(600) }),
  }),
});
export type PublicBookingError = z.infer<typeof PublicBookingError>;
