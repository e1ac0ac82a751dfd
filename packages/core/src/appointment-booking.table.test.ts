/**
 * The booking rules as tables: each request against a prepared set of appointments gives ok or one typed
 * refusal. Today is Wednesday 2026-09-30 10:00, the last working day before National Day (10-01 to 10-07 off,
 * Saturday 10-10 a make-up working day), so `social` (1 to 5 working days ahead) may be booked 10-08 to 10-13.
 */
import { describe, expect, it } from 'vitest';
import type { Appointment } from './appointment.ts';
import { type BookingRefusal, decideBooking, decideCancel } from './appointment-booking.ts';
import { appointmentRules } from './appointment-rules.ts';
import { bookingHorizon, slotGrid, slotsFor } from './appointment-slots.ts';
import { appointmentHall, appointmentOf } from './testing/appointment-fixture.ts';
import { local, MINUTE, service } from './testing/hall-fixture.ts';

const NOW = local('2026-09-30T10:00');
const hall = appointmentHall();
const DAY_MS = 86_400_000;

const social = (day: string, slotStart: string, visitorKey: string, extra: Partial<Appointment> = {}) =>
  appointmentOf({ serviceId: 'social', day, slotStart, visitorKey, ...extra });
const tax = (day: string, slotStart: string, visitorKey: string, extra: Partial<Appointment> = {}) =>
  appointmentOf({ serviceId: 'tax', day, slotStart, visitorKey, ...extra }, 60);

const othersFilling = (make: typeof social, day: string, slotStart: string, n: number) =>
  Array.from({ length: n }, (_, i) => make(day, slotStart, `other-${i}`));

type Case = {
  readonly request: { serviceId: string; day: string; slotStart: string };
  readonly appointments?: readonly Appointment[];
  readonly now?: number;
  readonly blockLiftedAt?: number | null;
  readonly hall?: typeof hall;
  readonly expected: 'ok' | BookingRefusal;
};

const cases: Record<string, Case> = {
  'a free slot on the first bookable day': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:00' },
    expected: 'ok',
  },
  'the last slot of the afternoon span': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '16:30' },
    expected: 'ok',
  },
  'Saturday 10-10, a make-up working day': {
    request: { serviceId: 'social', day: '2026-10-10', slotStart: '09:00' },
    expected: 'ok',
  },
  'the make-up day when the service does not take them': {
    request: { serviceId: 'social', day: '2026-10-10', slotStart: '09:00' },
    hall: {
      ...hall,
      services: hall.services.map((s) =>
        s.id === 'social'
          ? service({ ...s, appointments: appointmentRules({ maxWorkingDaysAhead: 5, makeUpDays: false }) })
          : s,
      ),
    },
    expected: { code: 'NO_APPOINTMENTS_THAT_DAY' },
  },
  'a service without appointment rules': {
    request: { serviceId: 'permit', day: '2026-10-08', slotStart: '09:00' },
    expected: { code: 'SERVICE_NOT_BOOKABLE' },
  },
  'an unknown service': {
    request: { serviceId: 'nope', day: '2026-10-08', slotStart: '09:00' },
    expected: { code: 'SERVICE_NOT_BOOKABLE' },
  },
  'a time off the grid': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:10' },
    expected: { code: 'NOT_A_SLOT' },
  },
  'a day that is no date': {
    request: { serviceId: 'social', day: '2026-02-30', slotStart: '09:00' },
    expected: { code: 'NOT_A_SLOT' },
  },
  'a day in another format': {
    request: { serviceId: 'social', day: '8/10/2026', slotStart: '09:00' },
    expected: { code: 'NOT_A_SLOT' },
  },
  'the lunch break': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '12:00' },
    expected: { code: 'NOT_A_SLOT' },
  },
  'a slot that would run past the span': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '17:00' },
    expected: { code: 'NOT_A_SLOT' },
  },
  yesterday: {
    request: { serviceId: 'social', day: '2026-09-29', slotStart: '09:00' },
    expected: { code: 'SLOT_PAST' },
  },
  'today, for a service booked from the next working day': {
    request: { serviceId: 'social', day: '2026-09-30', slotStart: '16:00' },
    expected: { code: 'TOO_SOON', firstDay: '2026-10-08' },
  },
  'National Day': {
    request: { serviceId: 'social', day: '2026-10-01', slotStart: '09:00' },
    expected: { code: 'NOT_WORKING_DAY' },
  },
  'an ordinary Sunday': {
    request: { serviceId: 'social', day: '2026-10-11', slotStart: '09:00' },
    expected: { code: 'NOT_WORKING_DAY' },
  },
  'a day closed by the hall': {
    request: { serviceId: 'social', day: '2026-10-09', slotStart: '09:00' },
    hall: appointmentHall({ policy: { calendar: { closedDays: ['2026-10-09'], workingDays: [] } } }),
    expected: { code: 'NOT_WORKING_DAY' },
  },
  'one working day past the horizon': {
    request: { serviceId: 'social', day: '2026-10-14', slotStart: '09:00' },
    expected: { code: 'TOO_FAR', lastDay: '2026-10-13' },
  },
  'a year the calendar package has not published': {
    request: { serviceId: 'tax', day: '2027-01-04', slotStart: '09:00' },
    now: local('2026-12-30T10:00'),
    expected: { code: 'CALENDAR_UNKNOWN' },
  },
  'today, a slot already started': {
    request: { serviceId: 'tax', day: '2026-09-30', slotStart: '09:00' },
    expected: { code: 'SLOT_PAST' },
  },
  'today, a slot still ahead': {
    request: { serviceId: 'tax', day: '2026-09-30', slotStart: '10:00' },
    now: local('2026-09-30T09:59'),
    expected: 'ok',
  },
  'the slot full with other visitors': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:00' },
    appointments: othersFilling(social, '2026-10-08', '09:00', 6),
    expected: { code: 'SLOT_FULL' },
  },
  'one place left': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:00' },
    appointments: othersFilling(social, '2026-10-08', '09:00', 5),
    expected: 'ok',
  },
  'the last place cancelled 10 minutes ago (held back 30)': {
    request: { serviceId: 'tax', day: '2026-10-08', slotStart: '09:00' },
    appointments: [
      tax('2026-10-08', '09:00', 'other-1'),
      tax('2026-10-08', '09:00', 'other-2', { status: 'cancelled', cancelledAt: NOW - 10 * MINUTE }),
    ],
    expected: { code: 'SLOT_FULL' },
  },
  'the last place cancelled 30 minutes ago: free again': {
    request: { serviceId: 'tax', day: '2026-10-08', slotStart: '09:00' },
    appointments: [
      tax('2026-10-08', '09:00', 'other-1'),
      tax('2026-10-08', '09:00', 'other-2', { status: 'cancelled', cancelledAt: NOW - 30 * MINUTE }),
    ],
    expected: 'ok',
  },
  'the same person in the same slot again': {
    request: { serviceId: 'tax', day: '2026-10-08', slotStart: '09:00' },
    appointments: [tax('2026-10-08', '09:00', 'me', { id: 'mine-1' })],
    expected: { code: 'ALREADY_BOOKED', appointmentId: 'mine-1' },
  },
  'an upcoming appointment for the same service (one allowed)': {
    request: { serviceId: 'social', day: '2026-10-09', slotStart: '09:00' },
    appointments: [social('2026-10-08', '09:00', 'me')],
    expected: { code: 'PERSON_LIMIT', limit: 'service', max: 1 },
  },
  'a cancelled appointment does not count against the person': {
    request: { serviceId: 'social', day: '2026-10-09', slotStart: '09:00' },
    appointments: [social('2026-10-08', '09:00', 'me', { status: 'cancelled', cancelledAt: NOW - DAY_MS })],
    expected: 'ok',
  },
  'a second appointment on one day (one a day)': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '14:00' },
    appointments: [tax('2026-10-08', '09:00', 'me')],
    expected: { code: 'PERSON_LIMIT', limit: 'day', max: 1 },
  },
  'a third in one ISO week (two a week)': {
    request: { serviceId: 'social', day: '2026-10-10', slotStart: '09:00' },
    appointments: [tax('2026-10-08', '09:00', 'me'), tax('2026-10-09', '09:00', 'me')],
    expected: { code: 'PERSON_LIMIT', limit: 'week', max: 2 },
  },
  'a fourth in one month (three a month)': {
    request: { serviceId: 'social', day: '2026-10-09', slotStart: '09:00' },
    appointments: [
      tax('2026-10-08', '09:00', 'me'),
      tax('2026-10-12', '09:00', 'me'),
      tax('2026-10-13', '09:00', 'me'),
    ],
    expected: { code: 'PERSON_LIMIT', limit: 'month', max: 3 },
  },
  "another person's appointments do not count": {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '14:00' },
    appointments: [tax('2026-10-08', '09:00', 'someone-else')],
    expected: 'ok',
  },
  'blocked: two missed in 30 days': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:00' },
    appointments: [
      social('2026-09-10', '09:00', 'me', { status: 'missed' }),
      // Booked, never checked in, window closed: missed although the hub has not marked it.
      social('2026-09-24', '10:00', 'me'),
    ],
    expected: {
      code: 'BLOCKED',
      until: local('2026-09-24T10:00') + 90 * DAY_MS,
      missedAt: [local('2026-09-10T09:00'), local('2026-09-24T10:00')],
    },
  },
  'a block lifted by an admin': {
    request: { serviceId: 'social', day: '2026-10-08', slotStart: '09:00' },
    appointments: [
      social('2026-09-10', '09:00', 'me', { status: 'missed' }),
      social('2026-09-24', '10:00', 'me', { status: 'missed' }),
    ],
    blockLiftedAt: local('2026-09-29T12:00'),
    expected: 'ok',
  },
};

describe('decideBooking', () => {
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const decision = decideBooking(
      { ...c.request, visitorKey: 'me' },
      {
        hall: c.hall ?? hall,
        appointments: c.appointments ?? [],
        blockLiftedAt: c.blockLiftedAt ?? null,
        now: c.now ?? NOW,
      },
    );
    if (c.expected === 'ok') {
      expect(decision).toMatchObject({ ok: true, slot: { ...c.request } });
    } else {
      expect(decision).toEqual({ ok: false, refusal: c.expected });
    }
  });

  it('answers ok with the slot in epoch time', () => {
    const decision = decideBooking(
      { serviceId: 'social', day: '2026-10-08', slotStart: '09:30', visitorKey: 'me' },
      { hall, appointments: [], blockLiftedAt: null, now: NOW },
    );
    expect(decision).toEqual({
      ok: true,
      slot: {
        serviceId: 'social',
        day: '2026-10-08',
        slotStart: '09:30',
        slotEnd: '10:00',
        startsAt: local('2026-10-08T09:30'),
        endsAt: local('2026-10-08T10:00'),
      },
    });
  });
});

describe('slotsFor', () => {
  it('lists the grid with capacity from the windows serving the service (3 windows × 2)', () => {
    const slots = slotsFor(hall, 'social', '2026-10-08', [], NOW);
    expect(slots.map((s) => s.slotStart)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    expect(new Set(slots.map((s) => s.capacity))).toEqual(new Set([6]));
    expect(slots.every((s) => s.bookable && s.free === 6 && s.reason === null)).toBe(true);
  });

  it('drops capacity with a disabled window', () => {
    const fewer = {
      ...hall,
      windows: hall.windows.map((w) => (w.id === 'w3' ? { ...w, enabled: false } : w)),
    };
    expect(slotsFor(fewer, 'social', '2026-10-08', [], NOW)[0]?.capacity).toBe(4);
  });

  it('counts taken, held-back and free places per slot', () => {
    const appointments = [
      tax('2026-10-08', '09:00', 'a'),
      tax('2026-10-08', '09:00', 'b', { status: 'cancelled', cancelledAt: NOW - 5 * MINUTE }),
      tax('2026-10-08', '10:00', 'c', { status: 'cancelled', cancelledAt: NOW - 45 * MINUTE }),
      tax('2026-10-09', '10:00', 'd'),
    ];
    const slots = slotsFor(hall, 'tax', '2026-10-08', appointments, NOW);
    expect(
      slots.map(({ slotStart, taken, heldBack, free, reason }) => ({
        slotStart,
        taken,
        heldBack,
        free,
        reason,
      })),
    ).toEqual([
      { slotStart: '09:00', taken: 1, heldBack: 1, free: 0, reason: 'full' },
      { slotStart: '10:00', taken: 0, heldBack: 0, free: 2, reason: null },
    ]);
  });

  it('says why a day cannot be booked', () => {
    const reasonOf = (serviceId: string, day: string, now = NOW) =>
      slotsFor(hall, serviceId, day, [], now).map((s) => s.reason);
    expect(reasonOf('social', '2026-10-01')).toEqual(Array(13).fill('not-working-day'));
    expect(reasonOf('social', '2026-09-30')).toEqual(Array(13).fill('too-soon'));
    expect(reasonOf('social', '2026-10-14')).toEqual(Array(13).fill('too-far'));
    expect(reasonOf('social', '2026-09-29')).toEqual(Array(13).fill('past'));
    expect(reasonOf('tax', '2026-09-30')).toEqual(['past', 'past']);
    expect(reasonOf('tax', '2026-09-30', local('2026-09-30T09:30'))).toEqual(['past', null]);
    expect(slotsFor(hall, 'permit', '2026-10-08', [], NOW)).toEqual([]);
    expect(slotsFor(hall, 'social', '2026-10-32', [], NOW)).toEqual([]);
  });

  it('computes the horizon in working days across the holiday', () => {
    const social = hall.services.find((s) => s.id === 'social')?.appointments;
    if (!social) throw new Error('fixture without social rules');
    expect(bookingHorizon(hall, social, NOW)).toEqual({ firstDay: '2026-10-08', lastDay: '2026-10-13' });
    // Asked during the holiday, "tomorrow" is still the first day back.
    expect(bookingHorizon(hall, social, local('2026-10-03T10:00'))).toEqual({
      firstDay: '2026-10-08',
      lastDay: '2026-10-13',
    });
  });

  it('refuses a grid of zero length', () => {
    expect(() => slotGrid({ slotMinutes: 0, hours: [{ from: '09:00', to: '10:00' }] })).toThrow(/positive/);
  });
});

describe('decideCancel', () => {
  const booked = social('2026-10-08', '10:00', 'me');
  it.each([
    ['a day before', local('2026-10-07T10:00'), { ok: true }],
    ['exactly at the deadline (60 min before)', local('2026-10-08T09:00'), { ok: true }],
    [
      'a minute after the deadline',
      local('2026-10-08T09:01'),
      { ok: false, code: 'CANCEL_DEADLINE_PASSED', deadline: local('2026-10-08T09:00') },
    ],
  ])('%s', (_name, now, expected) => {
    expect(decideCancel(booked, hall, now)).toEqual(expected);
  });

  it('cancels only a booked appointment', () => {
    for (const status of ['cancelled', 'checked-in', 'missed'] as const) {
      expect(decideCancel({ ...booked, status }, hall, NOW)).toEqual({
        ok: false,
        code: 'NOT_CANCELLABLE',
        status,
      });
    }
  });
});
