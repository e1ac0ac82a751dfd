/** 预约: one booked place in a service's slot, as the core sees it (no ID number, no phone: only the keyed hash). */
export type AppointmentStatus = 'booked' | 'checked-in' | 'cancelled' | 'missed';

export interface Appointment {
  /** Given by the hub (the booking code's row); the core never makes ids. */
  readonly id: string;
  readonly serviceId: string;
  /** The slot's local date, YYYY-MM-DD in the hall's time zone. */
  readonly day: string;
  /** The slot's local start, "HH:MM". */
  readonly slotStart: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** Keyed hash of the visitor's ID number: the key of the per-person limits and no-show blocks. */
  readonly visitorKey: string;
  readonly status: AppointmentStatus;
  readonly bookedAt: number;
  readonly cancelledAt: number | null;
  readonly checkedInAt: number | null;
}

/** One slot of one service on one day. */
export interface SlotRef {
  readonly serviceId: string;
  readonly day: string;
  readonly slotStart: string;
  readonly slotEnd: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

export const sameSlot = (a: Appointment, slot: Pick<SlotRef, 'serviceId' | 'day' | 'slotStart'>): boolean =>
  a.serviceId === slot.serviceId && a.day === slot.day && a.slotStart === slot.slotStart;

/** A place is taken by any appointment not cancelled: booked, checked in, or missed (the slot was lost). */
export const takesPlace = (a: Appointment): boolean => a.status !== 'cancelled';

/** The appointment record a successful booking adds; the hub supplies the id (its booking code row). */
export function bookedAppointment(slot: SlotRef, visitorKey: string, id: string, now: number): Appointment {
  return {
    id,
    serviceId: slot.serviceId,
    day: slot.day,
    slotStart: slot.slotStart,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    visitorKey,
    status: 'booked',
    bookedAt: now,
    cancelledAt: null,
    checkedInAt: null,
  };
}
