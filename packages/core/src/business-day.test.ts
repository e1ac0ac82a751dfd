import { describe, expect, it } from 'vitest';
import { ageOn, businessDayOf, localDateTime, minuteOfDay } from './business-day.ts';

describe('businessDayOf / localDateTime', () => {
  it('uses the calendar date in Asia/Shanghai, not UTC', () => {
    expect(businessDayOf(Date.parse('2026-11-28T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-28');
    expect(businessDayOf(Date.parse('2026-11-28T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-29');
    expect(businessDayOf(Date.parse('2026-11-28T00:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-28');
  });

  it('gives the local wall clock with a 00–23 hour', () => {
    expect(localDateTime(Date.parse('2026-11-28T15:59:59Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-28',
      time: '23:59',
      minuteOfDay: 23 * 60 + 59,
      hour: 23,
    });
    expect(localDateTime(Date.parse('2026-11-28T16:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-29',
      time: '00:00',
      minuteOfDay: 0,
      hour: 0,
    });
    expect(localDateTime(Date.parse('2026-11-28T00:30:00Z'), 'Asia/Shanghai').time).toBe('08:30');
  });

  it('works in another zone: Asia/Urumqi is UTC+6', () => {
    expect(businessDayOf(Date.parse('2026-11-28T17:59:59Z'), 'Asia/Urumqi')).toBe('2026-11-28');
    expect(businessDayOf(Date.parse('2026-11-28T18:00:00Z'), 'Asia/Urumqi')).toBe('2026-11-29');
    expect(localDateTime(Date.parse('2026-11-28T02:30:00Z'), 'Asia/Urumqi').time).toBe('08:30');
    // the same instant is already the next day in Shanghai
    expect(businessDayOf(Date.parse('2026-11-28T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-29');
  });

  it('crosses month and year ends', () => {
    expect(businessDayOf(Date.parse('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(businessDayOf(Date.parse('2028-02-28T16:00:00Z'), 'Asia/Shanghai')).toBe('2028-02-29');
  });
});

describe('minuteOfDay', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['13:30', 810],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s → %i', (hhmm, minutes) => {
    expect(minuteOfDay(hhmm)).toBe(minutes);
  });

  it.each(['8:30', '24:01', '25:00', '12:60', '', '12-30', '12:30:00'])('rejects %j', (bad) => {
    expect(() => minuteOfDay(bad)).toThrow(/not a time of day/);
  });
});

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('1966-11-28', '2026-11-27')).toBe(59);
    expect(ageOn('1966-11-28', '2026-11-28')).toBe(60);
    expect(ageOn('1966-11-28', '2026-12-01')).toBe(60);
    expect(ageOn('1966-12-01', '2026-11-30')).toBe(59);
    expect(ageOn('1966-01-15', '2026-11-28')).toBe(60);
  });

  it('treats a 29 February birthday as reached on 1 March in common years', () => {
    expect(ageOn('1964-02-29', '2026-02-28')).toBe(61);
    expect(ageOn('1964-02-29', '2026-03-01')).toBe(62);
    expect(ageOn('1964-02-29', '2028-02-29')).toBe(64);
  });
});
