import { describe, expect, it } from 'vitest';
import { lookupOf } from './appointments-view.ts';

describe('the help desk search box', () => {
  it('reads a booking code in any case and spacing, and an ID number', () => {
    expect(lookupOf(' k7m2-qx9p ')).toEqual({ kind: 'code', code: 'K7M2QX9P' });
    expect(lookupOf('11010519491231002x')).toEqual({ kind: 'id-number', idNumber: '11010519491231002X' });
    expect(lookupOf('ABC123456789012')).toEqual({ kind: 'id-number', idNumber: 'ABC123456789012' });
  });

  it('is nothing while it is neither (look-alike letters are no code)', () => {
    expect(lookupOf('')).toBeNull();
    expect(lookupOf('K7M2QX9')).toBeNull();
    expect(lookupOf('K7M2QX9O')).toBeNull();
    expect(lookupOf('I1L0OOOO')).toBeNull();
  });
});

describe('the appointment rules editor', () => {
  it('reads weekdays as a list or a range', async () => {
    const { parseWeekdays, weekdaysText } = await import('./appointments-view.ts');
    expect(parseWeekdays('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('6, 1,3')).toEqual([1, 3, 6]);
    expect(parseWeekdays('0,8,x')).toEqual([]);
    expect(weekdaysText([1, 2, 3])).toBe('1,2,3');
  });
});

describe('the appointment policy editor', () => {
  it('reads days and optional limits as typed', async () => {
    const { parseDays, limitOf } = await import('./appointments-view.ts');
    expect(parseDays('2027-01-04, 2027-01-05，2027-01-06')).toEqual([
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
    ]);
    expect(parseDays('  ')).toEqual([]);
    expect(limitOf('')).toBeNull();
    expect(limitOf('3')).toBe(3);
  });
});
