import { localDateTime } from '@hallq/core';
// The default export: the package's `main` is a CommonJS bundle whose named exports Node cannot see (a named
// import works under Vitest, which reads its ES build, and fails when the hub runs under tsx).
import chineseDays from 'chinese-days';

const DAY_MS = 86_400_000;

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The `workingDays`-th working day after `day` (the day itself not counted), on the national calendar: public
 * holidays are skipped and 调休 weekend days count as working days. The calendar comes from `chinese-days`,
 * which follows the State Council's yearly notice; for a year it does not list yet it counts Monday–Friday.
 */
export function workingDaysAfter(day: string, workingDays: number): string {
  if (!Number.isInteger(workingDays) || workingDays < 1)
    throw new RangeError('working days must be 1 or more');
  let current = day;
  let counted = 0;
  // Bounded: the longest run of holidays (Spring Festival with weekends) is well under a month.
  for (let step = 0; step < workingDays * 7 + 60; step += 1) {
    current = addDays(current, 1);
    if (isWorkingDay(current) && ++counted === workingDays) return current;
  }
  throw new Error(`no ${workingDays} working days found after ${day}`);
}

/** A day is a working day by the national calendar (weekends that are 调休 included, holidays excluded). */
export const isWorkingDay = (day: string): boolean => chineseDays.isWorkday(day);

/** The first instant of a local day in the hall's time zone (its midnight), as epoch ms. */
export const startOfLocalDay = (day: string, timeZone: string): number =>
  endOfLocalDay(addDays(day, -1), timeZone);

/** ISO 8601 with the zone's offset (2026-10-10T09:30:00+08:00): what a provincial platform expects to read. */
export function isoInZone(epochMs: number, timeZone: string): string {
  const minute = Math.floor(epochMs / 60_000) * 60_000;
  const local = localDateTime(minute, timeZone);
  const offset = Math.round((Date.parse(`${local.date}T${local.time}:00Z`) - minute) / 60_000);
  const wall = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The first instant after a local day ends in the hall's time zone (its next midnight), as epoch ms. */
export function endOfLocalDay(day: string, timeZone: string): number {
  const nextDay = addDays(day, 1);
  // Start from UTC midnight and move by the zone's offset until the local wall time reads midnight.
  let guess = Date.parse(`${nextDay}T00:00:00Z`);
  for (let i = 0; i < 3; i += 1) {
    const local = localDateTime(guess, timeZone);
    const wall = Date.parse(`${local.date}T${local.time}:00Z`);
    const target = Date.parse(`${nextDay}T00:00:00Z`);
    if (wall === target) break;
    guess += target - wall;
  }
  return guess;
}
