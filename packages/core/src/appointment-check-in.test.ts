/**
 * Check-in windows as a table, with slots late in the evening and just after midnight so the window crosses
 * the date change (default window: 30 minutes before to 15 after).
 */
import { describe, expect, it } from 'vitest';
import { appointmentToOffer, type CheckInDecision, decideCheckIn } from './appointment-check-in.ts';
import { appointmentRules } from './appointment-rules.ts';
import { appointmentHall, appointmentOf } from './testing/appointment-fixture.ts';
import { local } from './testing/hall-fixture.ts';

const walkIn = appointmentRules({ latePolicy: 'walk-in' });
const refuse = appointmentRules({ latePolicy: 'refuse' });

const at = (day: string, slotStart: string) =>
  appointmentOf({ serviceId: 'social', day, slotStart, visitorKey: 'me' });

const afterMidnight = at('2026-10-09', '00:00');
const lateEvening = at('2026-10-08', '23:45');
const morning = at('2026-10-08', '10:00');

const cases: [string, ReturnType<typeof at>, string, typeof walkIn, CheckInDecision][] = [
  [
    '00:00 slot, the evening before, a minute before the window opens',
    afterMidnight,
    '2026-10-08T23:29',
    walkIn,
    { kind: 'too-early', opensAt: local('2026-10-08T23:30') },
  ],
  [
    '00:00 slot, the window opens the day before',
    afterMidnight,
    '2026-10-08T23:30',
    walkIn,
    { kind: 'in-window', late: false, queueAt: local('2026-10-09T00:00') },
  ],
  [
    '00:00 slot, at the slot start',
    afterMidnight,
    '2026-10-09T00:00',
    walkIn,
    { kind: 'in-window', late: false, queueAt: local('2026-10-09T00:00') },
  ],
  [
    '00:00 slot, 10 minutes late: in the window, queued from check-in',
    afterMidnight,
    '2026-10-09T00:10',
    walkIn,
    { kind: 'in-window', late: true, queueAt: local('2026-10-09T00:10') },
  ],
  [
    '00:00 slot, the last minute of the window',
    afterMidnight,
    '2026-10-09T00:15',
    walkIn,
    { kind: 'in-window', late: true, queueAt: local('2026-10-09T00:15') },
  ],
  [
    '00:00 slot, after the window: a walk-in ticket',
    afterMidnight,
    '2026-10-09T00:16',
    walkIn,
    { kind: 'too-late', closedAt: local('2026-10-09T00:15'), outcome: 'walk-in' },
  ],
  [
    '23:45 slot, the window closes at midnight exactly',
    lateEvening,
    '2026-10-09T00:00',
    refuse,
    { kind: 'in-window', late: true, queueAt: local('2026-10-09T00:00') },
  ],
  [
    '23:45 slot, a minute after midnight: refused',
    lateEvening,
    '2026-10-09T00:01',
    refuse,
    { kind: 'too-late', closedAt: local('2026-10-09T00:00'), outcome: 'refused' },
  ],
  [
    '10:00 slot, the day before',
    morning,
    '2026-10-07T10:00',
    walkIn,
    { kind: 'too-early', opensAt: local('2026-10-08T09:30') },
  ],
  [
    '10:00 slot, the next day',
    morning,
    '2026-10-09T09:50',
    refuse,
    { kind: 'too-late', closedAt: local('2026-10-08T10:15'), outcome: 'refused' },
  ],
];

describe('decideCheckIn', () => {
  it.each(cases)('%s', (_name, appointment, now, rules, expected) => {
    expect(decideCheckIn(appointment, local(now), rules)).toEqual(expected);
  });

  it("uses the hall's window when it is not the default", () => {
    const wide = appointmentRules({ checkInBeforeMinutes: 60, checkInAfterMinutes: 0 });
    expect(decideCheckIn(morning, local('2026-10-08T09:00'), wide).kind).toBe('in-window');
    expect(decideCheckIn(morning, local('2026-10-08T10:01'), wide).kind).toBe('too-late');
  });

  it('checks in only a booked appointment', () => {
    for (const status of ['checked-in', 'cancelled', 'missed'] as const) {
      expect(decideCheckIn({ ...morning, status }, local('2026-10-08T09:50'), walkIn)).toEqual({
        kind: 'not-checkable',
        status,
      });
    }
  });
});

describe('appointmentToOffer (ID card swiped at the kiosk)', () => {
  const hall = appointmentHall();
  const mine = (slotStart: string, extra: Partial<ReturnType<typeof at>> = {}) =>
    appointmentOf({ serviceId: 'social', day: '2026-10-08', slotStart, visitorKey: 'me', ...extra });
  const nine = mine('09:00');
  const eleven = mine('11:00');
  const two = mine('14:00');
  const offered = (list: ReturnType<typeof at>[], now: string) =>
    appointmentToOffer(hall, list, 'me', local(now))?.appointment.slotStart ?? null;

  it('offers the open one first, then the next to come, then the latest lapsed', () => {
    expect(offered([two, eleven, nine], '2026-10-08T08:50')).toBe('09:00');
    expect(offered([two, eleven, nine], '2026-10-08T10:40')).toBe('11:00');
    expect(offered([two, nine, eleven], '2026-10-08T10:00')).toBe('11:00');
    expect(offered([nine, eleven], '2026-10-08T12:00')).toBe('11:00');
  });

  it('offers nothing from another day, another person, another status or a service without rules', () => {
    expect(offered([nine], '2026-10-09T09:00')).toBeNull();
    expect(offered([{ ...nine, visitorKey: 'someone-else' }], '2026-10-08T09:00')).toBeNull();
    expect(offered([{ ...nine, status: 'cancelled' }], '2026-10-08T09:00')).toBeNull();
    expect(offered([{ ...nine, serviceId: 'permit' }], '2026-10-08T09:00')).toBeNull();
  });

  it('gives the check-in answer with the offer', () => {
    expect(appointmentToOffer(hall, [eleven], 'me', local('2026-10-08T10:00'))?.decision).toEqual({
      kind: 'too-early',
      opensAt: local('2026-10-08T10:30'),
    });
  });
});
