import { describe, expect, it } from 'vitest';
import { AppointmentPolicyConfig, AppointmentRulesConfig } from './hall-schema.ts';

const rules = {
  slotMinutes: 30,
  capacity: { kind: 'per-window', places: 2 },
  weekdays: [1, 2, 3, 4, 5],
  makeUpDays: true,
  hours: [{ from: '09:00', to: '12:00' }],
  minWorkingDaysAhead: 1,
  maxWorkingDaysAhead: 10,
  cancelDeadlineMinutes: 60,
  releaseAfterMinutes: 30,
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 15,
  latePolicy: 'walk-in',
  perPersonUpcoming: 1,
};

describe('appointment rules in the hall file', () => {
  it('accepts a service’s rules and the hall policy', () => {
    expect(AppointmentRulesConfig.safeParse(rules).success).toBe(true);
    expect(
      AppointmentPolicyConfig.safeParse({
        personLimits: { perDay: 2, perWeek: null, perMonth: 6 },
        noShowBlock: { missed: 2, withinDays: 30, blockDays: 90 },
        calendar: { closedDays: ['2026-10-09'], workingDays: [] },
      }).success,
    ).toBe(true);
  });

  it.each([
    [
      'a horizon that ends before it starts',
      { minWorkingDaysAhead: 5, maxWorkingDaysAhead: 2 },
      /first bookable day/,
    ],
    ['a weekday twice', { weekdays: [1, 1] }, /weekday is listed twice/],
    ['weekday 8', { weekdays: [8] }, /7/],
    ['an unknown late policy', { latePolicy: 'ignore' }, /refuse|walk-in/],
    ['a capacity of nobody', { capacity: { kind: 'fixed', places: 0 } }, /1/],
    ['no hours', { hours: [] }, /1/],
  ])('refuses %s with a message', (_name, change, message) => {
    const result = AppointmentRulesConfig.safeParse({ ...rules, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
  });

  it('refuses a closed day that is not a date', () => {
    const result = AppointmentPolicyConfig.safeParse({
      personLimits: { perDay: null, perWeek: null, perMonth: null },
      noShowBlock: { missed: 2, withinDays: 30, blockDays: 90 },
      calendar: { closedDays: ['2026-13-01'], workingDays: [] },
    });
    expect(result.success).toBe(false);
  });
});
