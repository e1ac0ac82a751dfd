/**
 * Test fixtures for the appointment rules: the queue fixture's hall with appointment rules on two services,
 * and an appointment builder. Internal to the tests.
 */
import type { Appointment, AppointmentStatus } from '../appointment.ts';
import { type AppointmentPolicy, appointmentRules } from '../appointment-rules.ts';
import { epochOfLocal } from '../calendar-day.ts';
import type { Hall } from '../hall.ts';
import { hallFixture, OFFICE_HOURS, service } from './hall-fixture.ts';

export const POLICY: AppointmentPolicy = {
  personLimits: { perDay: 1, perWeek: 2, perMonth: 3 },
  noShowBlock: { missed: 2, withinDays: 30, blockDays: 90 },
  calendar: { closedDays: [], workingDays: [] },
};

/**
 * - `social` (A): 30-minute slots 09:00–12:00 and 13:30–17:00, 2 places per window serving it (w1, w2, w3 → 6),
 *   1 to 5 working days ahead, one upcoming appointment per person, late visitors become walk-ins.
 * - `tax` (B): 60-minute slots 09:00–11:00, 2 places, bookable today, no per-service limit, late visitors refused.
 * - `permit` (C): no appointments.
 */
export function appointmentHall(
  overrides: { policy?: Partial<AppointmentPolicy>; hall?: Partial<Hall> } = {},
): Hall {
  const base = hallFixture({
    services: [
      service({
        id: 'social',
        prefix: 'A',
        openingHours: OFFICE_HOURS,
        perIdLimit: 2,
        appointments: appointmentRules({ maxWorkingDaysAhead: 5 }),
      }),
      service({
        id: 'tax',
        prefix: 'B',
        dailyLimit: 5,
        appointments: appointmentRules({
          slotMinutes: 60,
          hours: [{ from: '09:00', to: '11:00' }],
          capacity: { kind: 'fixed', places: 2 },
          minWorkingDaysAhead: 0,
          perPersonUpcoming: null,
          latePolicy: 'refuse',
          weekdays: [1, 2, 3, 4, 5, 6, 7],
        }),
      }),
      service({ id: 'permit', prefix: 'C', perIdLimit: 1 }),
    ],
  });
  return {
    ...base,
    ...overrides.hall,
    rules: { ...base.rules, appointmentPolicy: { ...POLICY, ...overrides.policy } },
  };
}

export function appointmentOf(
  overrides: Partial<Appointment> & Pick<Appointment, 'serviceId' | 'day' | 'slotStart' | 'visitorKey'>,
  slotMinutes = 30,
): Appointment {
  const startsAt = epochOfLocal(overrides.day, overrides.slotStart, 'Asia/Shanghai');
  const status: AppointmentStatus = overrides.status ?? 'booked';
  return {
    id: `${overrides.visitorKey}@${overrides.serviceId}/${overrides.day}T${overrides.slotStart}`,
    startsAt,
    endsAt: startsAt + slotMinutes * 60_000,
    status,
    bookedAt: startsAt - 3 * 86_400_000,
    cancelledAt: null,
    checkedInAt: null,
    ...overrides,
  };
}
