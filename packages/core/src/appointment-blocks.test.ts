import { describe, expect, it } from 'vitest';
import { type BlockState, blockOf, isMissed, noShowHistoryOf } from './appointment-blocks.ts';
import { DEFAULT_NO_SHOW_BLOCK } from './appointment-rules.ts';
import { appointmentOf } from './testing/appointment-fixture.ts';
import { local } from './testing/hall-fixture.ts';

const DAY = 86_400_000;
const T = local('2026-09-01T10:00');
const rule = DEFAULT_NO_SHOW_BLOCK; // 2 missed within 30 days → 90 days

const cases: [string, readonly number[], number | null, number, BlockState][] = [
  ['no misses', [], null, T, { blocked: false }],
  ['one miss', [T], null, T + DAY, { blocked: false }],
  [
    'two misses 10 days apart',
    [T, T + 10 * DAY],
    null,
    T + 11 * DAY,
    { blocked: true, until: T + 100 * DAY, missedAt: [T, T + 10 * DAY] },
  ],
  ['two misses 30 days apart: outside the window', [T, T + 30 * DAY], null, T + 31 * DAY, { blocked: false }],
  [
    'two misses 29 days apart, listed newest first',
    [T + 29 * DAY, T],
    null,
    T + 30 * DAY,
    { blocked: true, until: T + 119 * DAY, missedAt: [T, T + 29 * DAY] },
  ],
  ['the block has run out', [T, T + DAY], null, T + 91 * DAY, { blocked: false }],
  [
    'the last moment of the block',
    [T, T + DAY],
    null,
    T + 91 * DAY - 1,
    { blocked: true, until: T + 91 * DAY, missedAt: [T, T + DAY] },
  ],
  ['lifted by an admin after the second miss', [T, T + DAY], T + 2 * DAY, T + 3 * DAY, { blocked: false }],
  [
    'a new miss after the lift counts alone',
    [T, T + DAY, T + 5 * DAY],
    T + 2 * DAY,
    T + 6 * DAY,
    { blocked: false },
  ],
  [
    'two new misses after the lift block again',
    [T, T + DAY, T + 5 * DAY, T + 6 * DAY],
    T + 2 * DAY,
    T + 7 * DAY,
    { blocked: true, until: T + 96 * DAY, missedAt: [T + 5 * DAY, T + 6 * DAY] },
  ],
  ['a miss recorded in the future is not counted yet', [T, T + 2 * DAY], null, T + DAY, { blocked: false }],
];

describe('blockOf (2 missed within 30 days block for 90)', () => {
  it.each(cases)('%s', (_name, missedAt, liftedAt, now, expected) => {
    expect(blockOf({ missedAt, liftedAt }, now, rule)).toEqual(expected);
  });

  it('blocks on the first miss when the hall sets it to one', () => {
    expect(
      blockOf({ missedAt: [T], liftedAt: null }, T + DAY, { missed: 1, withinDays: 1, blockDays: 7 }),
    ).toEqual({
      blocked: true,
      until: T + 7 * DAY,
      missedAt: [T],
    });
  });
});

describe('missed appointments', () => {
  const booked = appointmentOf({
    serviceId: 'social',
    day: '2026-09-01',
    slotStart: '10:00',
    visitorKey: 'me',
  });

  it('is missed once the check-in window closed without a check-in', () => {
    expect(isMissed(booked, 15, local('2026-09-01T10:15'))).toBe(false);
    expect(isMissed(booked, 15, local('2026-09-01T10:16'))).toBe(true);
    expect(isMissed({ ...booked, status: 'checked-in' }, 15, local('2026-09-02T10:00'))).toBe(false);
    expect(isMissed({ ...booked, status: 'cancelled' }, 15, local('2026-09-02T10:00'))).toBe(false);
    expect(isMissed({ ...booked, status: 'missed' }, 15, local('2026-09-01T09:00'))).toBe(true);
  });

  it("gathers one person's misses only", () => {
    const other = { ...booked, id: 'x', visitorKey: 'someone-else' };
    const history = noShowHistoryOf([booked, other], 'me', () => 15, null, local('2026-09-02T10:00'));
    expect(history).toEqual({ missedAt: [local('2026-09-01T10:00')], liftedAt: null });
  });
});
