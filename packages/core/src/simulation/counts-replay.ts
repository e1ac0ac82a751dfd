import { checkInput, type DaySimulationInput, drawVisitors } from './day-simulator.ts';
import { seededRandom } from './seeded-random.ts';

const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;

/** A day to replay: the simulator's input without a schedule (the window counts per half-hour are the schedule). */
export type ReplayForecast = Omit<DaySimulationInput, 'schedule'>;

/**
 * What the hall looks like to the replay, shared by every seed: lines numbered (service × lane, priority lane
 * first), the enabled windows numbered in the hall's order (the order `scheduleFromCounts` opens them in, so
 * window `w` is open in a half-hour whose count is above `w`), the lines each window calls from and the windows
 * each service's arrivals may go to.
 */
interface HallShape {
  readonly lineOf: ReadonlyMap<string, number>;
  readonly lineCount: number;
  /** Per window: its priority-lane lines then its normal-lane lines, each in the window's service order. */
  readonly priorityLines: readonly Int32Array[];
  readonly normalLines: readonly Int32Array[];
  /** Per line: the windows that serve its service, in the hall's order. */
  readonly servingWindows: readonly Int32Array[];
  /** `service-order`: the first line in the window's order with someone waiting wins; else the earliest visitor. */
  readonly serviceOrder: boolean;
}

function hallShapeOf(forecast: ReplayForecast): HallShape {
  const windows = forecast.windows.filter((w) => w.enabled);
  const services = new Set<string>();
  for (const w of windows) for (const id of w.serviceIds) services.add(id);
  for (const slot of forecast.arrivals.halfHours) for (const id of Object.keys(slot)) services.add(id);
  const lineOf = new Map<string, number>();
  let lineCount = 0;
  for (const id of services) {
    lineOf.set(`${id}\u0000priority`, lineCount++);
    lineOf.set(`${id}\u0000normal`, lineCount++);
  }
  const linesOf = (serviceIds: readonly string[], lane: string) =>
    Int32Array.from(serviceIds.map((id) => lineOf.get(`${id}\u0000${lane}`)!));
  const servingWindows: Int32Array[] = [];
  for (const id of services) {
    const serving = Int32Array.from(windows.flatMap((w, rank) => (w.serviceIds.includes(id) ? [rank] : [])));
    servingWindows.push(serving, serving);
  }
  return {
    lineOf,
    lineCount,
    priorityLines: windows.map((w) => linesOf(w.serviceIds, 'priority')),
    normalLines: windows.map((w) => linesOf(w.serviceIds, 'normal')),
    servingWindows,
    serviceOrder: forecast.callPolicy === 'service-order',
  };
}

/** One seed's visitors as flat arrays, index = arrival order (the simulator's order: arrival time, then draw). */
interface DrawnDay {
  readonly count: number;
  readonly arrivedAt: Float64Array;
  /** How long the window is taken by the visitor: the service, or the wait for a no-show before the next call. */
  readonly busyMs: Float64Array;
  readonly line: Int32Array;
  /** Per line: its visitors in arrival order. */
  readonly members: readonly Int32Array[];
  /** First visitor arriving in each half-hour; the last entry is the count (length halfHours + 1). */
  readonly slotStart: Int32Array;
}

function drawnDay(forecast: ReplayForecast, shape: HallShape, seed: number): DrawnDay {
  const visitors = drawVisitors(forecast, seededRandom(seed));
  const noShowMs = forecast.noShowMs ?? 2 * MINUTE;
  const count = visitors.length;
  const arrivedAt = new Float64Array(count);
  const busyMs = new Float64Array(count);
  const line = new Int32Array(count);
  const memberLists: number[][] = Array.from({ length: shape.lineCount }, () => []);
  const { startMinute, halfHours } = forecast.arrivals;
  for (let v = 0; v < count; v += 1) {
    const { ticket, serviceMs, noShow } = visitors[v]!;
    arrivedAt[v] = ticket.issuedAt;
    busyMs[v] = noShow ? noShowMs : serviceMs;
    line[v] = shape.lineOf.get(`${ticket.serviceId}\u0000${ticket.visitorClass}`)!;
  }
  const slotStart = new Int32Array(halfHours.length + 1);
  const slotOf = (v: number) => Math.floor((arrivedAt[v]! - startMinute * MINUTE) / HALF_HOUR);
  for (let s = 0, v = 0; s <= halfHours.length; s += 1) {
    while (v < count && slotOf(v) < s) v += 1;
    slotStart[s] = v;
  }
  for (let v = 0; v < count; v += 1) memberLists[line[v]!]!.push(v);
  return { count, arrivedAt, busyMs, line, members: memberLists.map((m) => Int32Array.from(m)), slotStart };
}

/** A replay's whole state at one instant: what it needs to resume from there. */
export interface ReplayCheckpoint {
  next: number;
  boundary: number;
  sequence: number;
  heapSize: number;
  readonly heapTimes: Float64Array;
  readonly heapSequences: Float64Array;
  readonly heapWindows: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly busy: Uint8Array;
  /** Call times of the visitors arrived so far (NaN: not called); later visitors are all uncalled. */
  calledAt: Float64Array;
}

/**
 * One seed's simulated day, replayed under window counts per half-hour that may change between runs, and resumable
 * from a checkpoint: the planner's search changes one half-hour at a time, and what happened before it does not
 * change, so it replays only from that half-hour on instead of the whole day.
 *
 * It is the day simulator (`simulateDay`) with the schedule `scheduleFromCounts(enabled windows, start, counts)`,
 * event for event: the same visitors (drawn by the simulator's own `drawVisitors`), windows opening at the
 * half-hours their count rises above them (before anything else at that instant, in the hall's order), a freed
 * window acting before an arrival at the same instant, frees at one instant in the order they were scheduled, an
 * arrival offered to the idle open windows of its service in the hall's order, the call order by lane then policy.
 * counts-replay.test.ts checks every call time against `simulateDay`. What makes it fast: visitors drawn once per
 * seed, plain numbered arrays instead of objects and maps in the loop, and no allocation while it runs.
 */
export class CountsReplay {
  readonly day: DrawnDay;
  private readonly shape: HallShape;
  private readonly dayStart: number;
  private readonly halfHours: number;
  /** The counts the replay follows: shared with (and written by) its owner between runs. */
  private readonly counts: Int32Array;
  private next = 0;
  /** The next half-hour boundary to act at: opening windows at boundaries below halfHours, closing at halfHours. */
  private boundary = 0;
  private sequence = 0;
  private heapSize = 0;
  private readonly heapTimes: Float64Array;
  private readonly heapSequences: Float64Array;
  private readonly heapWindows: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly busy: Uint8Array;
  /**
   * Windows open and not busy: in a queue longer than the windows there is none, and an arrival need not look at
   * each window of its service to learn that (on a crowded 81-window day, most of the replay's time).
   */
  private idleOpen = 0;
  readonly calledAt: Float64Array;

  constructor(forecast: ReplayForecast, seed: number, counts: Int32Array, shape?: HallShape) {
    checkInput(forecast);
    this.shape = shape ?? hallShapeOf(forecast);
    this.day = drawnDay(forecast, this.shape, seed);
    this.dayStart = forecast.arrivals.startMinute * MINUTE;
    this.halfHours = forecast.arrivals.halfHours.length;
    if (counts.length !== this.halfHours) throw new RangeError('one window count per half-hour is needed');
    this.counts = counts;
    const windows = this.shape.priorityLines.length;
    // A window has at most one pending event (its current visitor's end), so the heap never holds more.
    this.heapTimes = new Float64Array(windows);
    this.heapSequences = new Float64Array(windows);
    this.heapWindows = new Int32Array(windows);
    this.head = new Int32Array(this.shape.lineCount);
    this.tail = new Int32Array(this.shape.lineCount);
    this.busy = new Uint8Array(windows);
    this.calledAt = new Float64Array(this.day.count).fill(Number.NaN);
  }

  /** Replays from the current state through every arrival, call and end at or before `until` (ms of the day). */
  runThrough(until: number): void {
    this.run(until, true);
  }

  /** Replays everything strictly before `until`: a half-hour's boundary is then the next thing to happen. */
  runBefore(until: number): void {
    this.run(until, false);
  }

  private run(until: number, inclusive: boolean): void {
    const { arrivedAt, count } = this.day;
    const halfHours = this.halfHours;
    const past = (t: number) => (inclusive ? t > until : t >= until);
    for (;;) {
      const boundaryAt =
        this.boundary <= halfHours ? this.dayStart + this.boundary * HALF_HOUR : Number.POSITIVE_INFINITY;
      const eventAt = this.heapSize > 0 ? this.heapTimes[0]! : Number.POSITIVE_INFINITY;
      const arrivalAt = this.next < count ? arrivedAt[this.next]! : Number.POSITIVE_INFINITY;
      // At one instant: windows opening first (the simulator schedules them before any end), then ends, then arrivals.
      if (boundaryAt <= eventAt && boundaryAt <= arrivalAt) {
        // Infinite only when nothing is left to happen.
        if (boundaryAt === Number.POSITIVE_INFINITY || past(boundaryAt)) return;
        this.openAtBoundary(boundaryAt);
      } else if (eventAt <= arrivalAt) {
        if (past(eventAt)) return;
        const window = this.popEvent();
        this.busy[window] = 0;
        if (this.isOpen(window)) {
          this.idleOpen += 1;
          this.call(window, eventAt);
        }
      } else {
        if (past(arrivalAt)) return;
        this.arrive(arrivalAt);
      }
    }
  }

  /** Copies the state into `into` (or a new checkpoint). */
  checkpoint(into?: ReplayCheckpoint): ReplayCheckpoint {
    const to = into ?? {
      next: 0,
      boundary: 0,
      sequence: 0,
      heapSize: 0,
      heapTimes: new Float64Array(this.heapTimes.length),
      heapSequences: new Float64Array(this.heapTimes.length),
      heapWindows: new Int32Array(this.heapTimes.length),
      head: new Int32Array(this.head.length),
      tail: new Int32Array(this.head.length),
      busy: new Uint8Array(this.busy.length),
      calledAt: new Float64Array(0),
    };
    to.next = this.next;
    to.boundary = this.boundary;
    to.sequence = this.sequence;
    to.heapSize = this.heapSize;
    to.heapTimes.set(this.heapTimes);
    to.heapSequences.set(this.heapSequences);
    to.heapWindows.set(this.heapWindows);
    to.head.set(this.head);
    to.tail.set(this.tail);
    to.busy.set(this.busy);
    if (to.calledAt.length !== this.next) to.calledAt = new Float64Array(this.next);
    to.calledAt.set(this.calledAt.subarray(0, this.next));
    return to;
  }

  restore(from: ReplayCheckpoint): void {
    this.next = from.next;
    this.boundary = from.boundary;
    this.sequence = from.sequence;
    this.heapSize = from.heapSize;
    this.heapTimes.set(from.heapTimes);
    this.heapSequences.set(from.heapSequences);
    this.heapWindows.set(from.heapWindows);
    this.head.set(from.head);
    this.tail.set(from.tail);
    this.busy.set(from.busy);
    this.calledAt.set(from.calledAt);
    this.calledAt.fill(Number.NaN, from.next);
    // The counts before the checkpoint's boundary are the same for every plan resumed from it.
    this.recountIdle();
  }

  private recountIdle(): void {
    const slot = this.slot;
    const open = slot >= 0 && slot < this.halfHours ? this.counts[slot]! : 0;
    this.idleOpen = 0;
    for (let window = 0; window < open; window += 1) if (!this.busy[window]) this.idleOpen += 1;
  }

  /** Visitors who arrived in half-hour `slot`, and how many of them were called within `limitMs` of arriving. */
  withinLimit(slot: number, limitMs: number): { arrived: number; within: number } {
    const from = this.day.slotStart[slot]!;
    const to = this.day.slotStart[slot + 1]!;
    let within = 0;
    for (let v = from; v < to; v += 1) {
      // NaN (never called) fails the comparison: a visitor nobody called was not served in time.
      if (this.calledAt[v]! - this.day.arrivedAt[v]! <= limitMs) within += 1;
    }
    return { arrived: to - from, within };
  }

  /** The half-hour the replay is in: -1 before the day, halfHours after it (every window closed). */
  private get slot(): number {
    return this.boundary - 1;
  }

  private isOpen(window: number): boolean {
    const slot = this.slot;
    return slot >= 0 && slot < this.halfHours && window < this.counts[slot]!;
  }

  /** A window whose count rises above it opens and calls (one open before and idle has nobody to call). */
  private openAtBoundary(at: number): void {
    const slot = this.boundary;
    this.boundary += 1;
    this.recountIdle();
    if (slot >= this.halfHours) return;
    const from = slot === 0 ? 0 : this.counts[slot - 1]!;
    const to = this.counts[slot]!;
    for (let window = from; window < to; window += 1) if (!this.busy[window]) this.call(window, at);
  }

  private arrive(at: number): void {
    const visitor = this.next;
    this.next += 1;
    const line = this.day.line[visitor]!;
    this.tail[line]! += 1;
    if (this.idleOpen === 0) return;
    // An idle open window has nobody it may call, so only this visitor can be new to it.
    const serving = this.shape.servingWindows[line]!;
    for (let i = 0; i < serving.length; i += 1) {
      const window = serving[i]!;
      if (!this.busy[window] && this.isOpen(window) && this.call(window, at)) return;
    }
  }

  /** The window calls its best waiting visitor (priority lane first, then by policy); false when nobody waits. */
  private call(window: number, at: number): boolean {
    const line =
      this.bestLine(this.shape.priorityLines[window]!) ?? this.bestLine(this.shape.normalLines[window]!);
    if (line === null) return false;
    const visitor = this.day.members[line]![this.head[line]!]!;
    this.head[line]! += 1;
    this.calledAt[visitor] = at;
    this.busy[window] = 1;
    this.idleOpen -= 1;
    this.pushEvent(at + this.day.busyMs[visitor]!, window);
    return true;
  }

  private bestLine(lines: Int32Array): number | null {
    let best: number | null = null;
    let bestVisitor = 0;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i]!;
      const head = this.head[line]!;
      if (head >= this.tail[line]!) continue;
      if (this.shape.serviceOrder) return line;
      const visitor = this.day.members[line]![head]!;
      if (best === null || visitor < bestVisitor) {
        best = line;
        bestVisitor = visitor;
      }
    }
    return best;
  }

  private pushEvent(time: number, window: number): void {
    let i = this.heapSize;
    this.heapSize += 1;
    const sequence = this.sequence++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.heapTimes[parent]!;
      if (pt < time || (pt === time && this.heapSequences[parent]! < sequence)) break;
      this.heapTimes[i] = pt;
      this.heapSequences[i] = this.heapSequences[parent]!;
      this.heapWindows[i] = this.heapWindows[parent]!;
      i = parent;
    }
    this.heapTimes[i] = time;
    this.heapSequences[i] = sequence;
    this.heapWindows[i] = window;
  }

  private popEvent(): number {
    const top = this.heapWindows[0]!;
    this.heapSize -= 1;
    const size = this.heapSize;
    if (size === 0) return top;
    const time = this.heapTimes[size]!;
    const sequence = this.heapSequences[size]!;
    const window = this.heapWindows[size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (
        right < size &&
        (this.heapTimes[right]! < this.heapTimes[left]! ||
          (this.heapTimes[right] === this.heapTimes[left] &&
            this.heapSequences[right]! < this.heapSequences[left]!))
      )
        child = right;
      const ct = this.heapTimes[child]!;
      if (ct > time || (ct === time && this.heapSequences[child]! > sequence)) break;
      this.heapTimes[i] = ct;
      this.heapSequences[i] = this.heapSequences[child]!;
      this.heapWindows[i] = this.heapWindows[child]!;
      i = child;
    }
    this.heapTimes[i] = time;
    this.heapSequences[i] = sequence;
    this.heapWindows[i] = window;
    return top;
  }
}

/** Replays of one forecast for several seeds, sharing the hall's shape and one array of counts. */
export function replaysOf(
  forecast: ReplayForecast,
  seeds: readonly number[],
  counts: Int32Array,
): CountsReplay[] {
  const shape = hallShapeOf(forecast);
  return seeds.map((seed) => new CountsReplay(forecast, seed, counts, shape));
}
