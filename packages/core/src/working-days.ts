/**
 * Working days (工作日) in mainland China: Monday to Friday, except public holidays, plus the make-up working
 * days (调休上班) the State Council announces each year. The dates come from the maintained `chinese-days`
 * package (a data lookup, no clock), corrected by the hall's own closures and openings.
 */
import chineseDays from 'chinese-days';
import type { CalendarOverrides } from './appointment-rules.ts';
import { addDays, isoWeekday } from './calendar-day.ts';

const NO_OVERRIDES: CalendarOverrides = { closedDays: [], workingDays: [] };

// The package parses "YYYY-MM-DD" as a calendar date (UTC), so the answer does not depend on the process's TZ.
const nationalWorkday = (day: string): boolean => chineseDays.isWorkday(day);

/** A working day of the hall: the national calendar, then the hall's closures and extra openings. */
export function isWorkingDay(day: string, overrides: CalendarOverrides = NO_OVERRIDES): boolean {
  if (overrides.closedDays.includes(day)) return false;
  if (overrides.workingDays.includes(day)) return true;
  return nationalWorkday(day);
}

/** A make-up working day (调休上班): a Saturday or Sunday the national calendar makes a working day. */
export function isMakeUpWorkingDay(day: string): boolean {
  return isoWeekday(day) >= 6 && nationalWorkday(day);
}

/**
 * The n-th working day after `day` (before it when n < 0); `day` itself when n = 0, working day or not.
 * Gives up after ten years of searching, which only a hall closed every day would reach.
 */
export function addWorkingDays(day: string, n: number, overrides: CalendarOverrides = NO_OVERRIDES): string {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let current = day;
  for (let guard = 0; left > 0; guard++) {
    if (guard > 3660) throw new Error(`no ${n} working days from ${day}: the hall never works`);
    current = addDays(current, step);
    if (isWorkingDay(current, overrides)) left--;
  }
  return current;
}

const coveredYears = new Map<number, boolean>();

/**
 * Whether the package knows the national schedule of a year (it lists holidays for it). A year not yet
 * published would make New Year's Day look like a working day, so booking refuses such days unless the hall
 * has typed that year's closures into its overrides.
 */
export function calendarCovers(day: string, overrides: CalendarOverrides = NO_OVERRIDES): boolean {
  const year = Number(day.slice(0, 4));
  let known = coveredYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    coveredYears.set(year, known);
  }
  const prefix = `${year}-`;
  return known || overrides.closedDays.some((d) => d.startsWith(prefix));
}
