import { simulateDay } from './day-simulator.ts';
import {
  checkStaffingQuestion,
  erlangFigures,
  type StaffingForecast,
  type StaffingPlan,
  type StaffingTarget,
} from './staffing-plan.ts';
import { scheduleFromCounts } from './window-schedule.ts';

const MINUTE = 60_000;

/**
 * The staffing search as it was first written, kept as the reference the fast search (`fewestWindowsPerHalfHour`,
 * staffing-plan.ts) is tested and benchmarked against: every candidate judged on whole simulated days, one window
 * per trial. Its cost (18–95 s on the 81-window generated hall, past the hub's 4.5 s limit) is why it was replaced.
 *
 * The fewest windows per half-hour that keep the target for the visitors arriving in each half-hour, judged on
 * the simulator over a fixed seed set (the same visitors for every candidate, so plans differ by windows, not by
 * luck). Erlang C gives each half-hour's starting figure. A forward pass settles the half-hours in time order,
 * later ones held at their Erlang figure (a queue carried into them is then judged with no more help than they
 * will get); a repair pass adds a window wherever the finished plan still misses (in the half-hour itself, or in
 * the latest one before it with a window to spare, to shorten the queue it inherits); a pruning pass removes any
 * window whose half-hour and every other still meet the target without it. The result meets the target wherever
 * the hall's windows can, and no single half-hour can lose a window without some half-hour missing the target.
 */
export function fewestWindowsByWholeDays(
  forecast: StaffingForecast,
  target: StaffingTarget,
  seeds: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8],
): StaffingPlan {
  checkStaffingQuestion(target, seeds);
  const windowIds = forecast.windows.filter((w) => w.enabled).map((w) => w.id);
  const { startMinute, halfHours } = forecast.arrivals;
  const limitMs = target.maxWaitMinutes * MINUTE;
  let daysSimulated = 0;
  const erlangC = erlangFigures(forecast, target);

  /** Per half-hour: the share of its arrivals called within the target, over every seed. */
  const shares = (counts: readonly number[]): number[] => {
    const within = new Array<number>(halfHours.length).fill(0);
    const arrived = new Array<number>(halfHours.length).fill(0);
    const schedule = scheduleFromCounts(windowIds, startMinute, counts);
    for (const seed of seeds) {
      daysSimulated += 1;
      for (const t of simulateDay({ ...forecast, schedule }, seed).tickets) {
        const slot = Math.floor((t.arrivedAt / MINUTE - startMinute) / 30);
        arrived[slot]! += 1;
        // A visitor nobody called was not served in time, however short the wait before the windows closed.
        if (t.outcome !== 'left-at-close' && t.waitMs <= limitMs) within[slot]! += 1;
      }
    }
    return arrived.map((n, i) => (n === 0 ? 1 : within[i]! / n));
  };
  const meets = (share: number) => share >= target.share;

  const counts = [...erlangC];
  const with_ = (i: number, c: number) => counts.map((v, j) => (j === i ? c : v));
  for (let i = 0; i < counts.length; i += 1) {
    let c = counts[i]!;
    if (meets(shares(with_(i, c))[i]!)) {
      while (c > 0 && meets(shares(with_(i, c - 1))[i]!)) c -= 1;
    } else {
      while (c < windowIds.length && !meets(shares(with_(i, c))[i]!)) c += 1;
    }
    counts[i] = c;
  }

  // Repair: a later half-hour settled below its Erlang figure may have left an earlier queue short, and a
  // half-hour already at every window may need the queue it inherits cut by a window more before it.
  let current = shares(counts);
  const beyondReach = new Set<number>();
  for (;;) {
    const missing = current.findIndex((s, i) => !meets(s) && !beyondReach.has(i));
    if (missing < 0) break;
    let helper = missing;
    while (helper >= 0 && counts[helper]! >= windowIds.length) helper -= 1;
    if (helper < 0) {
      beyondReach.add(missing);
      continue;
    }
    counts[helper]! += 1;
    current = shares(counts);
  }

  // Prune: drop a window wherever every half-hour that met the target still meets it without, and one that
  // could not meet it is no worse off.
  for (let i = 0; i < counts.length; i += 1) {
    while (counts[i]! > 0) {
      const trial = with_(i, counts[i]! - 1);
      const after = shares(trial);
      if (!after.every((s, j) => meets(s) || (!meets(current[j]!) && s >= current[j]!))) break;
      counts[i]! -= 1;
      current = after;
    }
  }

  return {
    startMinute,
    counts,
    erlangC,
    shareWithinTarget: current,
    met: current.map(meets),
    daysSimulated,
  };
}
