/**
 * Calendar facts in the hall's time zone. Intl does the zone arithmetic (it reads no clock: time is passed in),
 * so a hall in Urumqi or Lhasa time works the same as one in Asia/Shanghai.
 */

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalDateTime {
  /** YYYY-MM-DD */
  readonly date: string;
  /** HH:MM */
  readonly time: string;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
  readonly hour: number;
}

/**
 * The last minute converted, per time zone. Every command asks for the business day; formatting a date in a
 * time zone costs far more than the rest of a transition, and consecutive commands fall in the same minute.
 * (Every zone offset in use today is a whole number of minutes, so one minute has one local time.) Memoising
 * keeps the function pure.
 */
const lastMinute = new Map<string, { minute: number; value: LocalDateTime }>();

export function localDateTime(epochMs: number, timeZone: string): LocalDateTime {
  const minute = Math.floor(epochMs / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached?.minute === minute) return cached.value;
  const value = formatLocal(minute * 60_000, timeZone);
  lastMinute.set(timeZone, { minute, value });
  return value;
}

function formatLocal(epochMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    minuteOfDay: hour * 60 + minute,
    hour,
  };
}

/** The business day a moment belongs to: the calendar date in the hall's time zone. */
export function businessDayOf(epochMs: number, timeZone: string): string {
  return localDateTime(epochMs, timeZone).date;
}

/** "08:30" → 510. Throws on a malformed time: hall configuration is validated before it reaches the core. */
export function minuteOfDay(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$|^(24):(00)$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day: ${hhmm}`);
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

/** Age in whole years on a given local date; birthDate and onDate are YYYY-MM-DD. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
