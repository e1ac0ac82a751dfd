import { fewestServersFor } from '../erlang-c.ts';
import type { DaySimulationInput } from './day-simulator.ts';
import { PlanTrials } from './plan-trials.ts';

const MINUTE = 60_000;

/** What the hall promises: `share` of visitors called within `maxWaitMinutes` (80% within 15 minutes). */
export interface StaffingTarget {
  readonly share: number;
  readonly maxWaitMinutes: number;
}

/** A day to staff: the simulator's input without a schedule (the plan is the schedule). */
export type StaffingForecast = Omit<DaySimulationInput, 'schedule'>;

export interface StaffingPlan {
  readonly startMinute: number;
  /** Windows to open per half-hour: the first `counts[i]` enabled windows in the hall's order. */
  readonly counts: readonly number[];
  /** Erlang C's figure per half-hour (all windows pooled, steady state), capped at the windows the hall has. */
  readonly erlangC: readonly number[];
  /** Share of that half-hour's arrivals called within the target, over the seed set, with `counts`. */
  readonly shareWithinTarget: readonly number[];
  /** False for a half-hour the target cannot be met in even with every window open. */
  readonly met: readonly boolean[];
  /** Days simulated to find the plan (its cost): whole days, or the half-hours replayed counted as days. */
  readonly daysSimulated: number;
}

/** Rejects a question with no answer: a share of 0 or 100%, no wait allowed, no seed to simulate. */
export function checkStaffingQuestion(target: StaffingTarget, seeds: readonly number[]): void {
  if (!(target.share > 0 && target.share < 1))
    throw new RangeError(`share must be in (0, 1): ${target.share}`);
  if (!(target.maxWaitMinutes > 0)) throw new RangeError(`wait must be > 0 min: ${target.maxWaitMinutes}`);
  if (seeds.length === 0) throw new RangeError('at least one seed is needed');
}

/** Erlang C's windows per half-hour for the target (all windows pooled, steady state), capped at the hall's. */
export function erlangFigures(forecast: StaffingForecast, target: StaffingTarget): number[] {
  const windows = forecast.windows.filter((w) => w.enabled).length;
  return forecast.arrivals.halfHours.map((slot) => {
    let arrivals = 0;
    let workMs = 0;
    for (const [serviceId, expected] of Object.entries(slot)) {
      const samples = forecast.serviceSamplesMs[serviceId] ?? [];
      if (expected === 0 || samples.length === 0) continue;
      arrivals += expected;
      workMs += (expected * samples.reduce((s, v) => s + v, 0)) / samples.length;
    }
    if (arrivals === 0) return 0;
    const load = { arrivals, periodSeconds: 1800, handlingSeconds: workMs / arrivals / 1000 };
    return Math.min(
      windows,
      fewestServersFor(load, { share: target.share, targetSeconds: target.maxWaitMinutes * 60 }),
    );
  });
}

/**
 * The smallest whole number in [floor, max] that passes `test`, assuming that passing is monotone (more windows
 * never hurt), found by galloping from `start` (a good guess costs a few tests) then bisecting; null when even
 * `max` fails. A test below `floor` is taken to fail without being run.
 */
export function smallestPassing(
  test: (value: number) => boolean,
  start: number,
  max: number,
  floor = 0,
): number | null {
  let fail: number;
  let pass: number;
  if (test(start)) {
    pass = start;
    fail = floor - 1;
    for (let step = 1; pass > floor; step *= 2) {
      const probe = Math.max(floor, pass - step);
      if (!test(probe)) {
        fail = probe;
        break;
      }
      pass = probe;
    }
  } else {
    fail = start;
    let found: number | null = null;
    for (let step = 1; fail < max; step *= 2) {
      const probe = Math.min(max, fail + step);
      if (test(probe)) {
        found = probe;
        break;
      }
      fail = probe;
    }
    if (found === null) return null;
    pass = found;
  }
  while (pass - fail > 1) {
    const middle = Math.floor((pass + fail) / 2);
    if (test(middle)) pass = middle;
    else fail = middle;
  }
  return pass;
}

/**
 * The plan with `added` more windows, each given to the latest half-hour at or before `missing` with a window to
 * spare: the queue a half-hour inherits is cut where it was last built up.
 */
function withWindowsAdded(
  plan: readonly number[],
  missing: number,
  added: number,
  windows: number,
): number[] {
  const next = [...plan];
  let left = added;
  for (let slot = missing; slot >= 0 && left > 0; slot -= 1) {
    const extra = Math.min(left, windows - next[slot]!);
    next[slot]! += extra;
    left -= extra;
  }
  return next;
}

/**
 * The fewest windows per half-hour that keep the target for the visitors arriving in each half-hour, judged on
 * the simulator over a fixed seed set (the same visitors for every candidate, so plans differ by windows, not by
 * luck). Erlang C gives each half-hour's starting figure. A forward pass settles the half-hours in time order,
 * later ones held at their Erlang figure (a queue carried into them is then judged with no more help than they
 * will get); a repair pass adds windows wherever the finished plan still misses (in the half-hour itself, or in
 * the latest ones before it with a window to spare, to shorten the queue it inherits); a pruning pass removes any
 * window whose half-hour and every other still meet the target without it (and those that cannot meet it are no
 * worse off); a half-hour that misses keeps its windows. The result meets the target wherever the hall's windows
 * can, opens every window the repair gave where it cannot, and no half-hour that meets the target can lose a
 * window without some half-hour missing it.
 *
 * The same search as the first one (`fewestWindowsByWholeDays`, kept as the reference), made fast: each trial
 * replays only from the half-hour it changes and only as far as the half-hours it judges (`PlanTrials`, resuming
 * from the state at half-hour boundaries), a half-hour's count is found by galloping from its Erlang figure and
 * bisecting instead of one window at a time, the repair and the pruning find how many windows to add or drop the
 * same way, and a pruning trial stops at the first half-hour it breaks. A final replay of the whole day from its
 * start confirms the figures returned. On the 81-window generated hall (~5,000 visitors) it takes under half a
 * second where the reference took 28–65 s (docs/benchmarks.md). Its plans are the reference's but where more
 * windows before a half-hour make it worse (they change which window takes which visitor): bisecting does not
 * try every count that adding one window at a time did, so the two can then differ by a few windows.
 */
export function fewestWindowsPerHalfHour(
  forecast: StaffingForecast,
  target: StaffingTarget,
  seeds: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8],
): StaffingPlan {
  checkStaffingQuestion(target, seeds);
  const windows = forecast.windows.filter((w) => w.enabled).length;
  const { startMinute, halfHours } = forecast.arrivals;
  const last = halfHours.length - 1;
  const meets = (share: number) => share >= target.share;
  const erlangC = erlangFigures(forecast, target);
  const trials = new PlanTrials(forecast, seeds, erlangC, target.maxWaitMinutes * MINUTE);
  let plan = [...erlangC];
  const changed = (slot: number, count: number) => plan.map((c, i) => (i === slot ? count : c));

  for (let slot = 0; slot <= last; slot += 1) {
    const enough = (count: number) => meets(trials.judge(changed(slot, count), slot, slot).shares[slot]!);
    plan[slot] = smallestPassing(enough, plan[slot]!, windows) ?? windows;
    trials.commit(plan);
  }

  // Repair: a later half-hour settled below its Erlang figure may have left an earlier queue short, and a
  // half-hour already at every window may need the queue it inherits cut by windows before it.
  let current = trials.judge(plan, 0, last).shares;
  const beyondReach = new Set<number>();
  for (;;) {
    const missing = current.findIndex((s, i) => !meets(s) && !beyondReach.has(i));
    if (missing < 0) break;
    const spare = plan.slice(0, missing + 1).reduce((n, c) => n + windows - c, 0);
    const enough = (added: number) =>
      meets(trials.judge(withWindowsAdded(plan, missing, added, windows), missing, missing).shares[missing]!);
    const added = spare === 0 ? null : smallestPassing(enough, 1, spare, 1);
    if (added === null) beyondReach.add(missing);
    plan = withWindowsAdded(plan, missing, added ?? spare, windows);
    trials.commit(plan);
    current = trials.judge(plan, 0, last).shares;
  }

  // Prune: drop windows wherever every half-hour that met the target still meets it without them, and one that
  // could not meet it is no worse off; a trial ends at the first half-hour it breaks. How many a half-hour can
  // drop is found by galloping and bisecting: two short trials when it can drop none (the usual case).
  for (let slot = 0; slot <= last; slot += 1) {
    // A half-hour that misses the target keeps every window the repair gave it: where the hall cannot keep the
    // target, the plan opens what it can (and says the half-hour misses), never fewer windows because no number
    // of them would have been enough.
    if (plan[slot] === 0 || !meets(current[slot]!)) continue;
    const before = current;
    const accepted = new Map<number, readonly number[]>();
    const canDrop = (fewer: number) => {
      const trial = trials.judge(
        changed(slot, plan[slot]! - fewer),
        0,
        last,
        (i, share) => meets(share) || (!meets(before[i]!) && share >= before[i]!),
      );
      if (trial.accepted) accepted.set(fewer, trial.shares);
      return trial.accepted;
    };
    // All of them first: on a hopeless day a half-hour whose visitors no window helps in time loses all in one
    // trial; elsewhere that trial fails at once, in the half-hour itself.
    let dropped = plan[slot]!;
    if (!canDrop(dropped)) {
      const firstKept = smallestPassing((fewer) => !canDrop(fewer), 1, plan[slot]!, 1);
      dropped = firstKept === null ? plan[slot]! : firstKept - 1;
    }
    if (dropped === 0) continue;
    plan = changed(slot, plan[slot]! - dropped);
    trials.commit(plan);
    current = accepted.get(dropped)!;
  }

  // Confirmation: the plan's figures from a replay of the whole day, not pieced together from checkpoints.
  const confirmed = trials.judge(plan, 0, last, () => true, true).shares;
  return {
    startMinute,
    counts: plan,
    erlangC,
    shareWithinTarget: confirmed,
    met: confirmed.map(meets),
    daysSimulated: Math.ceil(trials.halfHoursReplayed / Math.max(1, halfHours.length)),
  };
}
