import { type CountsReplay, type ReplayCheckpoint, type ReplayForecast, replaysOf } from './counts-replay.ts';

const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;

/** A trial's answer: each judged half-hour's share within the limit (NaN where not judged), and whether all passed. */
export interface TrialResult {
  readonly shares: readonly number[];
  readonly accepted: boolean;
}

/**
 * Trials of window counts per half-hour against one committed plan, over a fixed seed set. The state of every
 * seed's day at each half-hour boundary under the committed plan is kept (a checkpoint), so a trial that differs
 * from the plan from half-hour `h` on replays only from `h`, and only as far as the last half-hour it judges
 * needs (its arrivals' deadline: the end of that half-hour plus the wait limit). The plan's search changes one
 * half-hour at a time, mostly in time order, so most trials replay an hour or so of the day instead of all of it.
 */
export class PlanTrials {
  /** The counts the replays follow: the committed plan while checkpoints are made, a trial's while it runs. */
  private readonly counts: Int32Array;
  private readonly committed: Int32Array;
  private readonly replays: readonly CountsReplay[];
  /** Per boundary (0 … halfHours), per seed: the state just before that boundary under the committed plan. */
  private readonly checkpoints: (ReplayCheckpoint | undefined)[][];
  /** Checkpoints 0 … `valid` hold for the committed plan. */
  private valid = 0;
  private readonly dayStart: number;
  private readonly halfHours: number;
  private readonly windows: number;
  /** Half-hours of simulated day replayed so far, over all seeds: the search's cost. */
  halfHoursReplayed = 0;

  constructor(
    forecast: ReplayForecast,
    seeds: readonly number[],
    plan: readonly number[],
    private readonly limitMs: number,
  ) {
    this.halfHours = forecast.arrivals.halfHours.length;
    this.windows = forecast.windows.filter((w) => w.enabled).length;
    this.dayStart = forecast.arrivals.startMinute * MINUTE;
    this.counts = new Int32Array(this.halfHours);
    this.committed = new Int32Array(this.halfHours);
    this.firstDifference(plan);
    this.counts.set(plan);
    this.committed.set(plan);
    this.replays = replaysOf(forecast, seeds, this.counts);
    this.checkpoints = Array.from({ length: this.halfHours + 1 }, () => seeds.map(() => undefined));
    this.checkpoints[0] = this.replays.map((r) => r.checkpoint());
  }

  /** The plan trials are compared with. */
  get plan(): readonly number[] {
    return [...this.committed];
  }

  /** Makes `plan` the committed plan: checkpoints after the first half-hour it changes no longer hold. */
  commit(plan: readonly number[]): void {
    const changed = this.firstDifference(plan);
    this.committed.set(plan);
    this.valid = Math.min(this.valid, changed);
  }

  /**
   * Judges half-hours `from` … `to` (in time order) under `trial`: the pooled share of each one's arrivals called
   * within the limit. Stops at the first half-hour `accept` refuses. With `fromStart`, replays the whole day from
   * its start, ignoring the checkpoints (the final confirmation of a plan).
   */
  judge(
    trial: readonly number[],
    from: number,
    to: number,
    accept: (slot: number, share: number) => boolean = () => true,
    fromStart = false,
  ): TrialResult {
    const resumeAt = fromStart ? 0 : Math.min(this.firstDifference(trial), to + 1);
    this.ensureCheckpoints(resumeAt);
    this.counts.set(trial);
    this.replays.forEach((replay, seed) => {
      replay.restore(this.checkpoints[resumeAt]![seed]!);
    });
    const shares = new Array<number>(this.halfHours).fill(Number.NaN);
    for (let slot = from; slot <= to; slot += 1) {
      const deadline = this.boundaryAt(slot + 1) + this.limitMs;
      let arrived = 0;
      let within = 0;
      for (const replay of this.replays) {
        replay.runThrough(deadline);
        const counted = replay.withinLimit(slot, this.limitMs);
        arrived += counted.arrived;
        within += counted.within;
      }
      shares[slot] = arrived === 0 ? 1 : within / arrived;
      if (!accept(slot, shares[slot]!)) {
        this.charge(resumeAt, deadline);
        return { shares, accepted: false };
      }
    }
    this.charge(resumeAt, this.boundaryAt(to + 1) + this.limitMs);
    return { shares, accepted: true };
  }

  private boundaryAt(slot: number): number {
    return this.dayStart + slot * HALF_HOUR;
  }

  private charge(resumeAt: number, until: number): void {
    const end = Math.min(until, this.boundaryAt(this.halfHours));
    const halfHours = Math.max(0, (end - this.boundaryAt(resumeAt)) / HALF_HOUR);
    this.halfHoursReplayed += halfHours * this.replays.length;
  }

  private firstDifference(plan: readonly number[]): number {
    if (plan.length !== this.halfHours) throw new RangeError('one window count per half-hour is needed');
    let first = this.halfHours;
    for (let i = 0; i < this.halfHours; i += 1) {
      const count = plan[i]!;
      if (!(Number.isInteger(count) && count >= 0 && count <= this.windows))
        throw new RangeError(`window count must be 0…${this.windows}: ${count}`);
      if (first === this.halfHours && count !== this.committed[i]) first = i;
    }
    return first;
  }

  /** Replays the committed plan from the last checkpoint that holds, up to boundary `upTo`, saving each on the way. */
  private ensureCheckpoints(upTo: number): void {
    if (this.valid >= upTo) return;
    this.counts.set(this.committed);
    this.replays.forEach((replay, seed) => {
      replay.restore(this.checkpoints[this.valid]![seed]!);
      for (let boundary = this.valid + 1; boundary <= upTo; boundary += 1) {
        replay.runBefore(this.boundaryAt(boundary));
        const row = this.checkpoints[boundary]!;
        row[seed] = replay.checkpoint(row[seed]);
      }
    });
    this.charge(this.valid, this.boundaryAt(upTo));
    this.valid = upTo;
  }
}
