import { localDateTime } from '@hallq/core';

/** The first instant of the local day `now` falls in, in `timeZone` (the halls' business day starts there). */
export function startOfLocalDay(now: number, timeZone: string): number {
  return localMidnight(localDateTime(now, timeZone).date, timeZone);
}

/** The first instant of the day `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const target = Date.parse(`${date}T00:00:00Z`);
  let guess = target;
  // Move by the zone's offset until the local wall time reads midnight (twice at most, around a DST change).
  for (let i = 0; i < 3; i += 1) {
    const local = localDateTime(guess, timeZone);
    const wall = Date.parse(`${local.date}T${local.time}:00Z`);
    if (wall === target) break;
    guess += target - wall;
  }
  return guess;
}

/** The day after `date` (YYYY-MM-DD), by the calendar. */
export const nextDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
