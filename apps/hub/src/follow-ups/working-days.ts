import { addWorkingDays, isWorkingDay, localDateTime } from '@hallq/core';

const DAY_MS = 86_400_000;

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The `workingDays`-th working day after `day` (the day itself not counted), on the national calendar of the
 * core (`chinese-days`: public holidays skipped, 调休 weekend days counted).
 */
export function workingDaysAfter(day: string, workingDays: number): string {
  if (!Number.isInteger(workingDays) || workingDays < 1)
    throw new RangeError('working days must be 1 or more');
  return addWorkingDays(day, workingDays);
}

export { isWorkingDay };

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
