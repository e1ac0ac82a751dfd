/**
 * Calendar arithmetic on local dates (YYYY-MM-DD) and the one conversion business-day.ts lacks: a wall-clock
 * time in a time zone back to epoch ms. Pure: no clock is read.
 */
import { localDateTime, minuteOfDay } from './business-day.ts';

const DAY_MS = 86_400_000;

function partsOf(day: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a date: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30): what a booking request's day must be. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(day: string): number {
  const [y, m, d] = partsOf(day);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayOfNumber(dayNumber(day) + n);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(day) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the ISO week a date falls in: the key of "per week" limits. */
export function weekOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/**
 * Epoch ms of a wall-clock time ("HH:MM", "24:00" allowed) on a local date in a time zone. The zone offset is
 * found from the zone itself (Intl), twice, so a time next to an offset change lands on the right side.
 */
export function epochOfLocal(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = partsOf(day);
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay(hhmm) * 60_000;
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const local = localDateTime(guess, timeZone);
    const seen = dayNumber(local.date) * DAY_MS + local.minuteOfDay * 60_000;
    guess += wall - seen;
  }
  return guess;
}
