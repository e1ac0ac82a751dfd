import { minuteOfDay } from '../business-day.ts';
import type { WindowSchedule } from '../simulation/window-schedule.ts';

const MINUTE = 60_000;

/** A span of epoch ms, `to` exclusive. */
interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * When one window can call visitors today, as the estimator reads the schedule (排班):
 * - it calls nobody before its first shift starts, nor in a gap between shifts it was already in when the estimate
 *   began (lunch, if the hall is at lunch now);
 * - a gap that starts later does not stop it: visitors who took a ticket in opening hours are served before the
 *   window leaves (当日取号当日办结), and every ticket the estimate plays was taken by now;
 * - a planned break is taken at the window's first free moment from its start, for its length (a clerk finishes
 *   the visitor before going); which breaks are behind the window is read from its state (see wait-outlook.ts).
 */
export interface WindowAvailability {
  /** The earliest instant at or after `t` the window may call, breaks aside (Infinity: not again today). */
  readonly openFrom: (t: number) => number;
  /** Planned breaks of the day, in order. */
  readonly breaks: readonly Span[];
}

/** Always open, no breaks: a window of a hall without a schedule. */
export const ALWAYS_OPEN: WindowAvailability = { openFrom: (t) => t, breaks: [] };

/**
 * Every window's availability from the hall's schedule for the day starting at `dayStart` (local midnight, epoch
 * ms), seen from `now`. Without a schedule every window is always open; with one, a window it does not list is
 * absent from the map (not planned to open).
 */
export function availabilityOf(
  schedule: WindowSchedule | undefined,
  dayStart: number,
  now: number,
): ReadonlyMap<string, WindowAvailability> | null {
  if (!schedule) return null;
  const at = (hhmm: string) => dayStart + minuteOfDay(hhmm) * MINUTE;
  const out = new Map<string, WindowAvailability>();
  for (const shift of schedule.windows) {
    const spans = shift.open.map((s) => ({ from: at(s.from), to: at(s.to) })).sort((a, b) => a.from - b.from);
    const first = spans[0];
    if (!first) continue;
    // Closed stretches that hold the window: before the first shift, and a gap between shifts now is in.
    const closed: Span[] = [{ from: Number.NEGATIVE_INFINITY, to: first.from }];
    for (let i = 1; i < spans.length; i += 1) {
      const gap = { from: spans[i - 1]!.to, to: spans[i]!.from };
      if (gap.from <= now && gap.to > gap.from) closed.push(gap);
    }
    const last = spans[spans.length - 1]!;
    // A shift that ended before now does not come back today.
    const done = last.to <= now;
    const breaks = shift.breaks
      .map((b) => ({ from: at(b.from), to: at(b.to) }))
      .sort((a, b) => a.from - b.from);
    out.set(shift.windowId, {
      openFrom: (t) => {
        if (done) return Number.POSITIVE_INFINITY;
        let when = t;
        for (const c of closed) if (when >= c.from && when < c.to) when = c.to;
        return when;
      },
      breaks,
    });
  }
  return out;
}
