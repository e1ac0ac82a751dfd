import { compareForWindow } from '../call-order.ts';
import type { CallPolicy, HallWindow } from '../hall.ts';
import { issuedTicket, type Ticket, type VisitorClass } from '../ticket.ts';
import { EventQueue } from './event-queue.ts';
import { type SeededRandom, seededRandom } from './seeded-random.ts';
import { type MinuteSpan, type WindowSchedule, workingSpans } from './window-schedule.ts';

const MINUTE = 60_000;
const HALF_HOUR_MINUTES = 30;
const HALF_HOUR = HALF_HOUR_MINUTES * MINUTE;

/** Expected arrivals per service in each half-hour of the day, from `startMinute` (8:30 → 510). */
export interface ArrivalForecast {
  readonly startMinute: number;
  readonly halfHours: readonly Readonly<Record<string, number>>[];
}

/** Everything a simulated day needs besides its seed. Times in the output are milliseconds since midnight. */
export interface DaySimulationInput {
  /** The hall's windows (disabled ones never open). */
  readonly windows: readonly HallWindow[];
  readonly callPolicy: CallPolicy;
  readonly schedule: WindowSchedule;
  readonly arrivals: ArrivalForecast;
  /** Service durations seen per service (ms): each visitor's service time is drawn from these. */
  readonly serviceSamplesMs: Readonly<Record<string, readonly number[]>>;
  /** Share of visitors in the priority lane (绿色通道), 0…1. */
  readonly priorityShare: number;
  /** Chance a called visitor does not come (过号), 0…1. */
  readonly noShowProbability: number;
  /** How long a window spends on a call nobody answers before calling the next; 2 minutes when absent. */
  readonly noShowMs?: number;
}

export type SimulatedOutcome = 'served' | 'no-show' | 'left-at-close';

export interface SimulatedTicket {
  readonly serviceId: string;
  readonly visitorClass: VisitorClass;
  readonly arrivedAt: number;
  /** First (and only) call; null when nobody called it before the windows closed. */
  readonly calledAt: number | null;
  readonly windowId: string | null;
  /** Arrival to call; for a visitor left at close, arrival to close (what they had waited by then). */
  readonly waitMs: number;
  readonly outcome: SimulatedOutcome;
  /** When the window was done with it (service end, or the no-show given up); null when left at close. */
  readonly endedAt: number | null;
}

export interface HalfHourFigures {
  readonly startMinute: number;
  /** Visitors who arrived in this half-hour, and their wait (median and 80th percentile); null with none. */
  readonly arrivals: number;
  readonly medianWaitMs: number | null;
  readonly p80WaitMs: number | null;
  /** Visitors whose service ended in this half-hour, and calls given up as no-shows in it. */
  readonly served: number;
  readonly noShows: number;
  /** Windows planned open, averaged over the half-hour (a break of 15 minutes counts as half a window). */
  readonly windowsOpen: number;
}

export interface SimulatedDay {
  readonly seed: number;
  readonly halfHours: readonly HalfHourFigures[];
  readonly tickets: readonly SimulatedTicket[];
  /** When the last window closed (or the last service ended, if later): visitors still waiting leave. */
  readonly closedAt: number;
}

/** A visitor drawn for a seed: who arrives when, for what, how long they take, whether they come when called. */
export interface Visitor {
  readonly ticket: Ticket;
  readonly serviceMs: number;
  readonly noShow: boolean;
  calledAt: number | null;
  windowId: string | null;
  endedAt: number | null;
}

interface WindowRun {
  readonly window: HallWindow;
  readonly spans: readonly { from: number; to: number }[];
  readonly compare: (a: Ticket, b: Ticket) => number;
  /** The lines it calls from, priority lane first, each lane in the window's service order. */
  readonly lanes: readonly (readonly Line[])[];
  busy: boolean;
}

type SimEvent = { readonly kind: 'open' | 'free'; readonly run: WindowRun };

const LANES: readonly VisitorClass[] = ['priority', 'normal'];

export function checkInput(input: Omit<DaySimulationInput, 'schedule'>): void {
  const share = (name: string, p: number) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1]: ${p}`);
  };
  share('priority share', input.priorityShare);
  share('no-show probability', input.noShowProbability);
  if (input.noShowMs !== undefined && !(input.noShowMs >= 0))
    throw new RangeError(`no-show time must be ≥ 0: ${input.noShowMs}`);
  // Each service's samples are checked once, however many half-hours it has arrivals in.
  const checked = new Set<string>();
  input.arrivals.halfHours.forEach((slot, i) => {
    for (const [serviceId, expected] of Object.entries(slot)) {
      if (!(Number.isFinite(expected) && expected >= 0))
        throw new RangeError(`half-hour ${i}, ${serviceId}: expected arrivals must be ≥ 0: ${expected}`);
      if (expected === 0 || checked.has(serviceId)) continue;
      checked.add(serviceId);
      const samples = input.serviceSamplesMs[serviceId];
      if (!samples || samples.length === 0)
        throw new RangeError(`no service times for ${serviceId}: the simulator needs at least one`);
      if (samples.some((ms) => !(Number.isFinite(ms) && ms > 0)))
        throw new RangeError(`service times of ${serviceId} must be > 0 ms`);
    }
  });
}

/**
 * Poisson arrivals (exponential gaps) per service per half-hour, each with its lane, service time and no-show, in
 * arrival order. The schedule plays no part: every schedule simulated with one seed faces these same visitors.
 */
export function drawVisitors(input: Omit<DaySimulationInput, 'schedule'>, random: SeededRandom): Visitor[] {
  const visitors: Visitor[] = [];
  const { startMinute, halfHours } = input.arrivals;
  halfHours.forEach((slot, i) => {
    const slotStart = (startMinute + i * HALF_HOUR_MINUTES) * MINUTE;
    const slotEnd = slotStart + HALF_HOUR;
    for (const [serviceId, expected] of Object.entries(slot)) {
      if (expected === 0) continue;
      const meanGap = HALF_HOUR / expected;
      const samples = input.serviceSamplesMs[serviceId]!;
      for (
        let at = slotStart + random.exponential(meanGap);
        at < slotEnd;
        at += random.exponential(meanGap)
      ) {
        const arrivedAt = Math.round(at);
        const visitorClass: VisitorClass = random.chance(input.priorityShare) ? 'priority' : 'normal';
        const serviceMs = random.pick(samples);
        const noShow = random.chance(input.noShowProbability);
        const ticket = issuedTicket({
          id: `sim/${String(visitors.length).padStart(6, '0')}`,
          number: String(visitors.length),
          businessDay: 'simulated',
          serviceId,
          visitorClass,
          issuedAt: arrivedAt,
          queuedAt: arrivedAt,
        });
        visitors.push({ ticket, serviceMs, noShow, calledAt: null, windowId: null, endedAt: null });
      }
    }
  });
  // Arrival order; ids were given in draw order, so equal instants keep a fixed order.
  return visitors.sort(
    (a, b) => a.ticket.issuedAt - b.ticket.issuedAt || (a.ticket.id < b.ticket.id ? -1 : 1),
  );
}

/** A FIFO line with a moving head: dequeuing is O(1) and nothing is copied. */
interface Line {
  readonly visitors: Visitor[];
  head: number;
}

/**
 * Replays one day of the hall (a digital twin): Poisson arrivals per service and half-hour, service times drawn
 * from the given samples, windows open by the schedule (a window finishes its visitor past the end of its shift
 * or into a break, and calls nobody new until it reopens), call order by the hall's policy with the priority lane
 * first (`compareForWindow`, the same order as call-next), no-shows. Pure and seeded: the same input and seed give
 * the same day. Each visitor's lane, service time and no-show are drawn at arrival, so two schedules simulated
 * with one seed face the same visitors (common random numbers: their difference is the schedule's, not chance's).
 */
export function simulateDay(input: DaySimulationInput, seed: number): SimulatedDay {
  checkInput(input);
  const random = seededRandom(seed);
  const visitors = drawVisitors(input, random);
  const noShowMs = input.noShowMs ?? 2 * MINUTE;

  // Every line there can be, made before the day starts: per service, its priority and normal lanes.
  const lines = new Map<string, readonly [Line, Line]>();
  const linesOf = (serviceId: string): readonly [Line, Line] => {
    let pair = lines.get(serviceId);
    if (!pair) {
      pair = [
        { visitors: [], head: 0 },
        { visitors: [], head: 0 },
      ];
      lines.set(serviceId, pair);
    }
    return pair;
  };
  const laneIndex = (lane: VisitorClass) => (lane === 'priority' ? 0 : 1);

  const shifts = new Map(input.schedule.windows.map((s) => [s.windowId, s]));
  const runs: WindowRun[] = input.windows.map((window) => {
    const shift = window.enabled ? shifts.get(window.id) : undefined;
    const spans = shift
      ? workingSpans(shift).map((s: MinuteSpan) => ({ from: s.from * MINUTE, to: s.to * MINUTE }))
      : [];
    const lanes = LANES.map((lane) => window.serviceIds.map((id) => linesOf(id)[laneIndex(lane)]!));
    return { window, spans, compare: compareForWindow(window, input.callPolicy), lanes, busy: false };
  });
  /** Per service: the windows that may ever call it, in the hall's order (an arrival is offered to these). */
  const servingRuns = new Map<string, WindowRun[]>();
  for (const run of runs) {
    if (run.spans.length === 0) continue;
    for (const id of new Set(run.window.serviceIds)) {
      const list = servingRuns.get(id) ?? [];
      list.push(run);
      servingRuns.set(id, list);
    }
  }
  const events = new EventQueue<SimEvent>();
  for (const run of runs) for (const span of run.spans) events.push(span.from, { kind: 'open', run });

  const openAt = (run: WindowRun, t: number) => {
    for (const span of run.spans) if (span.from <= t && t < span.to) return true;
    return false;
  };

  /** The window calls its best waiting visitor, as call-next would; false when nobody waits for it. */
  const call = (run: WindowRun, t: number): boolean => {
    let best: Line | null = null;
    for (const laneLines of run.lanes) {
      for (const line of laneLines) {
        if (line.head >= line.visitors.length) continue;
        const candidate = line.visitors[line.head]!;
        if (best === null || run.compare(candidate.ticket, best.visitors[best.head]!.ticket) < 0) best = line;
      }
      // The priority lane is called first: a priority visitor found is the answer.
      if (best !== null) break;
    }
    if (best === null) return false;
    const visitor = best.visitors[best.head]!;
    best.head += 1;
    visitor.calledAt = t;
    visitor.windowId = run.window.id;
    visitor.endedAt = t + (visitor.noShow ? noShowMs : visitor.serviceMs);
    run.busy = true;
    events.push(visitor.endedAt, { kind: 'free', run });
    return true;
  };

  let lastEventAt = 0;
  let next = 0;
  while (next < visitors.length || events.size > 0) {
    const arrivalAt = next < visitors.length ? visitors[next]!.ticket.issuedAt : Number.POSITIVE_INFINITY;
    // A window freed or opened at the same instant as an arrival acts first.
    if (events.peekTime() <= arrivalAt) {
      const { time, item } = events.pop()!;
      lastEventAt = Math.max(lastEventAt, time);
      if (item.kind === 'free') item.run.busy = false;
      if (!item.run.busy && openAt(item.run, time)) call(item.run, time);
      continue;
    }
    const visitor = visitors[next]!;
    next += 1;
    lastEventAt = Math.max(lastEventAt, arrivalAt);
    linesOf(visitor.ticket.serviceId)[laneIndex(visitor.ticket.visitorClass)]!.visitors.push(visitor);
    // An idle open window has nobody it may call, so only this visitor can be new to it.
    for (const run of servingRuns.get(visitor.ticket.serviceId) ?? []) {
      if (!run.busy && openAt(run, arrivalAt) && call(run, arrivalAt)) break;
    }
  }

  const lastSpanEnd = Math.max(0, ...runs.flatMap((r) => r.spans.map((s) => s.to)));
  const closedAt = Math.max(lastSpanEnd, lastEventAt);
  const tickets: SimulatedTicket[] = visitors.map((v) => ({
    serviceId: v.ticket.serviceId,
    visitorClass: v.ticket.visitorClass,
    arrivedAt: v.ticket.issuedAt,
    calledAt: v.calledAt,
    windowId: v.windowId,
    waitMs: Math.max(0, (v.calledAt ?? closedAt) - v.ticket.issuedAt),
    outcome: v.calledAt === null ? 'left-at-close' : v.noShow ? 'no-show' : 'served',
    endedAt: v.endedAt,
  }));
  return { seed, halfHours: halfHourFigures(input, runs, tickets, closedAt), tickets, closedAt };
}

/** The value at or below which a share `p` of the sorted values lie (nearest rank). */
export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function halfHourFigures(
  input: DaySimulationInput,
  runs: readonly WindowRun[],
  tickets: readonly SimulatedTicket[],
  closedAt: number,
): HalfHourFigures[] {
  const start = input.arrivals.startMinute * MINUTE;
  const count = Math.max(input.arrivals.halfHours.length, Math.ceil((closedAt - start) / HALF_HOUR));
  const slotOf = (t: number) => Math.floor((t - start) / HALF_HOUR);
  const waits: number[][] = Array.from({ length: count }, () => []);
  const served = new Array<number>(count).fill(0);
  const noShows = new Array<number>(count).fill(0);
  for (const t of tickets) {
    const arrivedIn = slotOf(t.arrivedAt);
    if (arrivedIn >= 0 && arrivedIn < count) waits[arrivedIn]!.push(t.waitMs);
    if (t.endedAt !== null) {
      const endedIn = Math.min(count - 1, slotOf(t.endedAt));
      if (endedIn < 0) continue;
      if (t.outcome === 'served') served[endedIn]! += 1;
      else noShows[endedIn]! += 1;
    }
  }
  return waits.map((list, i) => {
    const from = start + i * HALF_HOUR;
    const to = from + HALF_HOUR;
    let openMs = 0;
    for (const run of runs) {
      for (const span of run.spans) openMs += Math.max(0, Math.min(to, span.to) - Math.max(from, span.from));
    }
    const sorted = [...list].sort((a, b) => a - b);
    return {
      startMinute: input.arrivals.startMinute + i * HALF_HOUR_MINUTES,
      arrivals: list.length,
      medianWaitMs: percentileOf(sorted, 0.5),
      p80WaitMs: percentileOf(sorted, 0.8),
      served: served[i]!,
      noShows: noShows[i]!,
      windowsOpen: openMs / HALF_HOUR,
    };
  });
}
