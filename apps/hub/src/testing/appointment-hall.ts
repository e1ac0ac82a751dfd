import { idNumberCheckChar } from '@hallq/devices';
import type { AppointmentVisitor, HallConfig } from '@hallq/protocol';
import { testHall } from './test-hall.ts';

/**
 * The test hall with appointments on svc-1: 30-minute slots 09:00–12:00 and 13:30–17:00, `places` per slot,
 * bookable from the next working day; check-in 30 min before to 15 min after; late visitors per `latePolicy`.
 * HALL_MORNING (Saturday 2026-11-28) books Monday 2026-11-30 first.
 */
export function appointmentHall(
  options: {
    places?: number;
    latePolicy?: 'refuse' | 'walk-in';
    perPersonUpcoming?: number | null;
    perDay?: number | null;
  } = {},
): HallConfig {
  const hall = testHall();
  const [first, ...rest] = hall.services;
  return {
    ...hall,
    rules: {
      ...hall.rules,
      appointmentPolicy: {
        personLimits: {
          perDay: options.perDay === undefined ? 2 : options.perDay,
          perWeek: null,
          perMonth: null,
        },
        noShowBlock: { missed: 2, withinDays: 30, blockDays: 90 },
        calendar: { closedDays: [], workingDays: [] },
      },
    },
    services: [
      {
        ...first!,
        appointments: {
          slotMinutes: 30,
          capacity: { kind: 'fixed', places: options.places ?? 5 },
          weekdays: [1, 2, 3, 4, 5],
          makeUpDays: true,
          hours: [
            { from: '09:00', to: '12:00' },
            { from: '13:30', to: '17:00' },
          ],
          minWorkingDaysAhead: 1,
          maxWorkingDaysAhead: 10,
          cancelDeadlineMinutes: 60,
          releaseAfterMinutes: 30,
          checkInBeforeMinutes: 30,
          checkInAfterMinutes: 15,
          latePolicy: options.latePolicy ?? 'walk-in',
          perPersonUpcoming: options.perPersonUpcoming === undefined ? 1 : options.perPersonUpcoming,
        },
      },
      ...rest,
    ],
  };
}

/** The n-th test visitor: a resident card number with a valid check digit (born 1980), a name and a phone. */
export function testVisitor(n: number, birth = '19800101'): AppointmentVisitor {
  const first17 = `110105${birth}${String(n % 1000).padStart(3, '0')}`;
  return {
    cardType: 'resident',
    idNumber: `${first17}${idNumberCheckChar(first17)}`,
    name: `访客${n}`,
    phone: `139${String(n).padStart(8, '0')}`,
  };
}
