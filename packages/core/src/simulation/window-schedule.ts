import { minuteOfDay } from '../business-day.ts';
import type { OpeningSpan } from '../hall.ts';

/** One window's working day: when it is staffed, and its planned breaks inside that time (`HH:MM`). */
export interface WindowShift {
  readonly windowId: string;
  readonly open: readonly OpeningSpan[];
  readonly breaks: readonly OpeningSpan[];
}

/** The hall's window schedule (排班); a window it does not list is not planned to open. */
export interface WindowSchedule {
  readonly windows: readonly WindowShift[];
}

/** A span of minutes of the day, `to` exclusive. */
export interface MinuteSpan {
  readonly from: number;
  readonly to: number;
}

/** The minutes a window is planned to call visitors: its shifts with its breaks cut out, in order. */
export function workingSpans(shift: WindowShift): MinuteSpan[] {
  let spans: MinuteSpan[] = shift.open
    .map((s) => ({ from: minuteOfDay(s.from), to: minuteOfDay(s.to) }))
    .sort((a, b) => a.from - b.from);
  for (const pause of shift.breaks) {
    const cut = { from: minuteOfDay(pause.from), to: minuteOfDay(pause.to) };
    spans = spans.flatMap((s) => {
      if (cut.to <= s.from || cut.from >= s.to) return [s];
      const parts: MinuteSpan[] = [];
      if (cut.from > s.from) parts.push({ from: s.from, to: cut.from });
      if (cut.to < s.to) parts.push({ from: cut.to, to: s.to });
      return parts;
    });
  }
  return spans;
}

const HALF_HOUR = 30;
const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * A schedule from a count of windows per half-hour starting at `startMinute`: in each half-hour the first
 * `counts[i]` windows of `windowIds` are open (the planner's way of saying "open 4 windows from 9:00").
 */
export function scheduleFromCounts(
  windowIds: readonly string[],
  startMinute: number,
  counts: readonly number[],
): WindowSchedule {
  for (const count of counts) {
    if (!(Number.isInteger(count) && count >= 0 && count <= windowIds.length))
      throw new RangeError(`window count must be 0…${windowIds.length}: ${count}`);
  }
  const windows: WindowShift[] = [];
  windowIds.forEach((windowId, rank) => {
    const open: OpeningSpan[] = [];
    let from: number | null = null;
    counts.forEach((count, i) => {
      const at = startMinute + i * HALF_HOUR;
      if (count > rank && from === null) from = at;
      if (count <= rank && from !== null) {
        open.push({ from: hhmm(from), to: hhmm(at) });
        from = null;
      }
    });
    if (from !== null) open.push({ from: hhmm(from), to: hhmm(startMinute + counts.length * HALF_HOUR) });
    if (open.length > 0) windows.push({ windowId, open, breaks: [] });
  });
  return { windows };
}

/** A window's planned break as the counter shows it: the one under way, or the next one later today. */
export interface BreakOfDay {
  readonly from: string;
  readonly to: string;
  /** True while the break is under way (`from` ≤ now < `to`). */
  readonly now: boolean;
}

/**
 * The break a clerk should know about at `minute` of the day: the one under way, else the next one today, else
 * null (no schedule for the window, or no break left today).
 */
export function nextBreakOf(
  schedule: WindowSchedule | undefined,
  windowId: string,
  minute: number,
): BreakOfDay | null {
  const shift = schedule?.windows.find((s) => s.windowId === windowId);
  if (!shift) return null;
  let best: BreakOfDay | null = null;
  let bestFrom = Number.POSITIVE_INFINITY;
  for (const pause of shift.breaks) {
    const from = minuteOfDay(pause.from);
    const to = minuteOfDay(pause.to);
    if (to <= minute) continue;
    if (from <= minute) return { from: pause.from, to: pause.to, now: true };
    if (from < bestFrom) {
      bestFrom = from;
      best = { from: pause.from, to: pause.to, now: false };
    }
  }
  return best;
}
