import type { ServiceConfig } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import {
  hallMinuteOfDay,
  highestIssuedIn,
  isOpenAt,
  maxSequenceOf,
  sequenceOf,
  serviceAvailability,
} from './service-availability.ts';

const service = (over: Partial<ServiceConfig> = {}): ServiceConfig => ({
  id: 'svc-1',
  prefix: 'A',
  name: { zh: '不动产登记', en: 'Real estate' },
  numberWidth: 3,
  dailyLimit: null,
  perIdLimit: 1,
  openingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:30', to: '17:00' },
  ],
  waitingArea: { zh: '一楼', en: 'Floor 1' },
  enabled: true,
  defaultServiceMinutes: 5,
  slaWaitMinutes: 30,
  slaServiceMinutes: 20,
  guide: { materials: [], notes: [] },
  ...over,
});

/** 2026-11-28 at hh:mm in Asia/Shanghai (UTC+8). */
const shanghai = (hh: number, mm: number) => Date.UTC(2026, 10, 28, hh - 8, mm);
const ctx = (now: number, over: { highestIssued?: number; limitReported?: boolean } = {}) => ({
  now,
  timeZone: 'Asia/Shanghai',
  highestIssued: over.highestIssued ?? 0,
  limitReported: over.limitReported ?? false,
});

describe('hallMinuteOfDay', () => {
  it('takes the hall time zone, not the computer’s', () => {
    expect(hallMinuteOfDay(shanghai(9, 5), 'Asia/Shanghai')).toBe(9 * 60 + 5);
    expect(hallMinuteOfDay(shanghai(9, 5), 'UTC')).toBe(60 + 5);
    expect(hallMinuteOfDay(Date.UTC(2026, 10, 28, 16, 0), 'Asia/Shanghai')).toBe(0);
  });
});

describe('isOpenAt', () => {
  it('opens at `from` and closes at `to`, like the hub', () => {
    const s = service();
    expect(isOpenAt(s, 9 * 60 - 1)).toBe(false);
    expect(isOpenAt(s, 9 * 60)).toBe(true);
    expect(isOpenAt(s, 12 * 60)).toBe(false);
    expect(isOpenAt(s, 13 * 60 + 30)).toBe(true);
    expect(isOpenAt(service({ openingHours: [{ from: '00:00', to: '24:00' }] }), 23 * 60 + 59)).toBe(true);
    expect(isOpenAt(service({ openingHours: [] }), 600)).toBe(false);
  });
});

describe('serviceAvailability', () => {
  it('is available inside opening hours', () => {
    expect(serviceAvailability(service(), ctx(shanghai(10, 0)))).toEqual({ available: true });
  });
  it('says a switched-off service is disabled, before anything else', () => {
    expect(serviceAvailability(service({ enabled: false }), ctx(shanghai(3, 0)))).toEqual({
      available: false,
      kind: 'disabled',
    });
  });
  it('says closed at lunch, with the hours and when it opens again', () => {
    expect(serviceAvailability(service(), ctx(shanghai(12, 30)))).toEqual({
      available: false,
      kind: 'closed',
      hours: '09:00–12:00, 13:30–17:00',
      opensAt: '13:30',
    });
  });
  it('says closed after hours with no later opening today', () => {
    const a = serviceAvailability(service(), ctx(shanghai(18, 0)));
    expect(a).toMatchObject({ available: false, kind: 'closed', opensAt: null });
  });
  it('says the daily limit is reached from the numbers seen or the hub’s answer', () => {
    const limited = service({ dailyLimit: 50 });
    expect(serviceAvailability(limited, ctx(shanghai(10, 0), { highestIssued: 49 }))).toEqual({
      available: true,
    });
    expect(serviceAvailability(limited, ctx(shanghai(10, 0), { highestIssued: 50 }))).toMatchObject({
      kind: 'daily-limit',
    });
    expect(serviceAvailability(service(), ctx(shanghai(10, 0), { highestIssued: 999 }))).toMatchObject({
      kind: 'daily-limit',
    });
    expect(serviceAvailability(service(), ctx(shanghai(10, 0), { limitReported: true }))).toMatchObject({
      kind: 'daily-limit',
    });
  });
});

describe('ticket sequences', () => {
  it('reads the sequence of a ticket number', () => {
    expect(sequenceOf('A012', 'A')).toBe(12);
    expect(sequenceOf('AB0999', 'AB')).toBe(999);
    expect(sequenceOf('B012', 'A')).toBeNull();
    expect(sequenceOf('A01X', 'A')).toBeNull();
  });
  it('caps by number width and daily limit', () => {
    expect(maxSequenceOf({ numberWidth: 3, dailyLimit: null })).toBe(999);
    expect(maxSequenceOf({ numberWidth: 2, dailyLimit: 200 })).toBe(99);
    expect(maxSequenceOf({ numberWidth: 4, dailyLimit: 200 })).toBe(200);
  });
  it('finds the highest issued number per service by the issuing service', () => {
    const hall = { services: [service(), service({ id: 'svc-2', prefix: 'B' })] };
    const ticket = (number: string, issuedServiceId: string) => ({ number, issuedServiceId });
    const view = {
      hall,
      tickets: [
        ticket('A003', 'svc-1'),
        ticket('A007', 'svc-1'),
        ticket('B002', 'svc-2'),
        ticket('X1', 'nope'),
      ],
    } as unknown as Parameters<typeof highestIssuedIn>[0];
    expect(Object.fromEntries(highestIssuedIn(view))).toEqual({ 'svc-1': 7, 'svc-2': 2 });
  });
});
