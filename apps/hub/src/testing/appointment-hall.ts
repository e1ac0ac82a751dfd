import { appointmentRules, DEFAULT_APPOINTMENT_POLICY } from '@hallq/core';
import { idNumberCheckChar } from '@hallq/devices';
import {
  AppointmentPolicyConfig,
  AppointmentRulesConfig,
  type AppointmentVisitor,
  type HallConfig,
} from '@hallq/protocol';
import { testHall } from './test-hall.ts';

/**
 * The test hall with appointments on svc-1: the core's default rules (30-minute slots 09:00–12:00 and 13:30–17:00,
 * bookable from the next working day; check-in 30 min before to 15 min after) and policy, but `places` per slot,
 * late visitors per `latePolicy`.
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
      appointmentPolicy: AppointmentPolicyConfig.parse({
        ...DEFAULT_APPOINTMENT_POLICY,
        personLimits: {
          ...DEFAULT_APPOINTMENT_POLICY.personLimits,
          perDay:
            options.perDay === undefined ? DEFAULT_APPOINTMENT_POLICY.personLimits.perDay : options.perDay,
        },
      }),
    },
    services: [
      {
        ...first!,
        appointments: AppointmentRulesConfig.parse(
          appointmentRules({
            capacity: { kind: 'fixed', places: options.places ?? 5 },
            latePolicy: options.latePolicy ?? 'walk-in',
            ...(options.perPersonUpcoming !== undefined && { perPersonUpcoming: options.perPersonUpcoming }),
          }),
        ),
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
