import type { TicketAppointmentMark } from '@hallq/protocol';
import type { StoredAppointment } from './appointment-store.ts';

/** What an appointment ticket carries in its view: the booking code and the slot (预约 on the ticket and lobby). */
export const appointmentMarkOf = (a: StoredAppointment): TicketAppointmentMark => ({
  code: a.id,
  day: a.day,
  slotStart: a.slotStart,
  slotEnd: a.slotEnd,
  late: a.late,
});
