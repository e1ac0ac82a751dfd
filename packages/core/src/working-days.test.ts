import { describe, expect, it } from 'vitest';
import { addDays, epochOfLocal, isoWeekday, weekOf } from './calendar-day.ts';
import { addWorkingDays, calendarCovers, isMakeUpWorkingDay, isWorkingDay } from './working-days.ts';

// National Day 2026 (国办发明电〔2025〕, as the chinese-days package has it): 10-01 (Thu) to 10-07 (Wed) off;
// Sunday 09-20 and Saturday 10-10 are make-up working days. Mid-Autumn: 09-25 (Fri) to 09-27 off.
describe('isWorkingDay across National Day 2026', () => {
  it.each([
    ['2026-09-19', false, 'an ordinary Saturday'],
    ['2026-09-20', true, 'Sunday made a working day (调休上班)'],
    ['2026-09-24', true, 'Thursday before Mid-Autumn'],
    ['2026-09-25', false, 'Mid-Autumn, a Friday'],
    ['2026-09-30', true, 'Wednesday before National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-05', false, 'a Monday inside the holiday'],
    ['2026-10-07', false, 'last day of the holiday, a Wednesday'],
    ['2026-10-08', true, 'first Thursday back'],
    ['2026-10-10', true, 'Saturday made a working day'],
    ['2026-10-11', false, 'the Sunday after'],
  ])('%s → %s (%s)', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  it('names the make-up days, and only them', () => {
    expect(isMakeUpWorkingDay('2026-09-20')).toBe(true);
    expect(isMakeUpWorkingDay('2026-10-10')).toBe(true);
    expect(isMakeUpWorkingDay('2026-10-11')).toBe(false);
    expect(isMakeUpWorkingDay('2026-10-08')).toBe(false);
  });

  it("applies the hall's closures and extra openings over the national calendar", () => {
    const overrides = { closedDays: ['2026-10-08'], workingDays: ['2026-10-11'] };
    expect(isWorkingDay('2026-10-08', overrides)).toBe(false);
    expect(isWorkingDay('2026-10-11', overrides)).toBe(true);
    expect(addWorkingDays('2026-09-30', 1, overrides)).toBe('2026-10-09');
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-09-30', 0, '2026-09-30'],
    ['2026-10-03', 0, '2026-10-03'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 2, '2026-10-09'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-30', 4, '2026-10-12'],
    ['2026-10-01', 1, '2026-10-08'],
    ['2026-09-19', 1, '2026-09-20'],
    ['2026-09-24', 1, '2026-09-28'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-10-12', -2, '2026-10-09'],
  ])('%s + %i working days = %s', (day, n, expected) => {
    expect(addWorkingDays(day, n)).toBe(expected);
  });
});

describe('calendarCovers', () => {
  it('knows 2026 and not a year the package has not published, unless the hall typed its closures', () => {
    expect(calendarCovers('2026-10-01')).toBe(true);
    expect(calendarCovers('2031-01-01')).toBe(false);
    expect(calendarCovers('2031-01-01', { closedDays: ['2031-01-01'], workingDays: [] })).toBe(true);
  });
});

describe('calendar-day helpers', () => {
  it('gives ISO weekdays and week starts', () => {
    expect(isoWeekday('2026-10-01')).toBe(4);
    expect(isoWeekday('2026-10-04')).toBe(7);
    expect(weekOf('2026-10-04')).toBe('2026-09-28');
    expect(weekOf('2026-10-05')).toBe('2026-10-05');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('turns a wall-clock time in a zone back into epoch ms', () => {
    expect(epochOfLocal('2026-10-08', '09:30', 'Asia/Shanghai')).toBe(
      Date.parse('2026-10-08T09:30:00+08:00'),
    );
    expect(epochOfLocal('2026-10-08', '00:00', 'Asia/Urumqi')).toBe(Date.parse('2026-10-08T00:00:00+06:00'));
    expect(epochOfLocal('2026-10-08', '24:00', 'Asia/Shanghai')).toBe(
      Date.parse('2026-10-09T00:00:00+08:00'),
    );
  });
});
