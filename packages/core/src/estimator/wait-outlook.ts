import { compareForWindow, windowCanServe } from '../call-order.ts';
import type { Hall, HallWindow } from '../hall.ts';
import { type SeededRandom, seededRandom } from '../simulation/seeded-random.ts';
import type { WindowSchedule } from '../simulation/window-schedule.ts';
import type { QueueState } from '../state.ts';
import type { Ticket, VisitorClass } from '../ticket.ts';
import { compareInLine, waitingIndexOf } from '../ticket-store.ts';
import { type ComingArrivals, type ComingVisitor, drawComingVisitors } from './coming-arrivals.ts';
import { drawCycleMs, drawRemainingMs, type ServiceTimeModel } from './service-time-model.ts';
import { spreadOf, type WaitSpread } from './wait-spread.ts';
import { ALWAYS_OPEN, availabilityOf, type WindowAvailability } from './window-availability.ts';

const MINUTE = 60_000;

/** How long a paused window is expected to stay away when no planned break explains the pause. */
export const UNPLANNED_PAUSE_MS = 15 * MINUTE;

/** Simulated outcomes per estimate: enough for a stable 20th and 80th percentile, few enough for every issue. */
export const DEFAULT_RUNS = 40;

/**
 * Visitors played per outlook at most (runs × waiting): a long queue gets fewer runs (never under 12), so an outlook
 * costs about the same however long the queue; a long wait's spread is narrow, so fewer runs still place it.
 */
export const VISITS_PER_OUTLOOK = 6000;

const runsFor = (inputs: EstimatorInputs, waiting: number): number =>
  Math.min(inputs.runs ?? DEFAULT_RUNS, Math.max(12, Math.floor(VISITS_PER_OUTLOOK / Math.max(1, waiting))));

/** What the estimator knows beyond the hall and the queue: all of it from the hub's history and configuration. */
export interface EstimatorInputs {
  /** The hall's window schedule (排班); absent, every enabled window is open all day without breaks. */
  readonly schedule?: WindowSchedule;
  /** Local midnight of the business day, epoch ms: the schedule's times of day are read from it. */
  readonly dayStart: number;
  readonly serviceTimes: ServiceTimeModel;
  readonly coming: ComingArrivals;
  readonly runs?: number;
}

/** One simulated run's end: per window, when it has nobody left it may call, and its next break not taken. */
interface RunEnd {
  readonly dryAt: Float64Array;
  readonly breakIndex: Int32Array;
}

/**
 * The queue simulated forward `runs` times from one state, kept so that the next issue needs no new simulation:
 * a normal ticket issued behind everyone is called, in each run, when the first window serving its service runs
 * dry (see `outlookAfterIssue`).
 */
export interface WaitOutlook {
  readonly hall: Hall;
  readonly tickets: QueueState['tickets'];
  readonly windows: QueueState['windows'];
  readonly inputs: EstimatorInputs;
  readonly now: number;
  /** The windows that take part, in the hall's order, with their availability today. */
  readonly windowList: readonly PlayWindow[];
  readonly runs: readonly RunEnd[];
  readonly lastInLine: Ticket | null;
}

interface PlayWindow {
  readonly window: HallWindow;
  readonly availability: WindowAvailability;
  readonly clerkId: string | null;
}

/** The windows that can call today: enabled, and planned by the schedule (or staffed now whatever it says). */
function playWindows(hall: Hall, state: QueueState, inputs: EstimatorInputs, now: number): PlayWindow[] {
  const planned = availabilityOf(inputs.schedule, inputs.dayStart, now);
  const out: PlayWindow[] = [];
  for (const window of hall.windows) {
    if (!window.enabled) continue;
    const ws = state.windows[window.id];
    const active = ws !== undefined && (ws.clerkId !== null || ws.currentTicketId !== null);
    const availability =
      planned === null ? ALWAYS_OPEN : (planned.get(window.id) ?? (active ? ALWAYS_OPEN : null));
    if (availability) out.push({ window, availability, clerkId: ws?.clerkId ?? null });
  }
  return out;
}

/**
 * When each window can first call: now, after its visitor, back from a pause (a planned break's length), and which
 * of its planned breaks are still ahead of it. A break is behind a window that has done anything since it began
 * (a clerk takes the break at the first free moment, so a call after its start means it was taken or skipped);
 * a window busy or idle since before a break's start still owes it.
 */
function startOf(
  w: PlayWindow,
  state: QueueState,
  inputs: EstimatorInputs,
  hall: Hall,
  now: number,
  random: SeededRandom,
  breakIndex: Int32Array,
  k: number,
): number {
  const ws = state.windows[w.window.id];
  const breaks = w.availability.breaks;
  const since = ws?.since ?? now;
  let next = 0;
  while (next < breaks.length && breaks[next]!.from <= since) next += 1;
  breakIndex[k] = next;
  let at = now;
  if (ws?.status === 'paused') {
    const pausedAt = ws.pausedAt ?? now;
    // The planned break this pause is (taken up to ten minutes early, or late after a long visitor).
    let planned = -1;
    breaks.forEach((b, i) => {
      if (b.from - 10 * MINUTE <= pausedAt && pausedAt < b.to + 30 * MINUTE) planned = i;
    });
    if (planned >= 0) {
      const b = breaks[planned]!;
      at = Math.max(now, pausedAt + (b.to - b.from));
      breakIndex[k] = Math.max(next, planned + 1);
    } else {
      const back = pausedAt + UNPLANNED_PAUSE_MS;
      // A pause already longer than expected: a few more minutes, not "any second now".
      at = back > now ? back : now + 5 * MINUTE;
    }
  }
  const current = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  if (current) {
    const began = current.lastCalledAt ?? current.startedAt ?? now;
    const remaining = drawRemainingMs(
      inputs.serviceTimes,
      random,
      current.serviceId,
      w.clerkId,
      now - began,
      defaultOf(hall),
    );
    at = Math.max(at, now + remaining);
  }
  return at;
}

const defaultCache = new WeakMap<Hall, (id: string) => number>();
function defaultOf(hall: Hall): (id: string) => number {
  let f = defaultCache.get(hall);
  if (!f) {
    const minutes = new Map(hall.services.map((s) => [s.id, s.defaultServiceMinutes]));
    f = (id) => (minutes.get(id) ?? 5) * MINUTE;
    defaultCache.set(hall, f);
  }
  return f;
}

const rankOf = (c: VisitorClass): number => (c === 'priority' ? 0 : 1);

interface Played {
  readonly end: RunEnd;
  readonly extraCalledAt: number | null;
}

/**
 * One simulated run: every window, free first calls first, taking its best waiting visitor as call-next would
 * (priority lane, call policy), visitors still to come joining as they arrive, each visit drawn from the service
 * times, planned breaks taken at the first free moment. Stops when `extra` is called, or when every window has
 * nobody left.
 */
function playRun(
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
  windows: readonly PlayWindow[],
  lines: readonly (readonly Ticket[])[],
  indexOf: ReadonlyMap<string, number>,
  extra: Ticket | null,
  random: SeededRandom,
): Played {
  const n = windows.length;
  const breakIndex = new Int32Array(n);
  const free = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    free[k] = startOf(windows[k]!, state, inputs, hall, now, random, breakIndex, k);
  }
  const dryAt = new Float64Array(n).fill(Number.NaN);
  const position = new Int32Array(n);
  const taken = new Uint8Array(indexOf.size);
  const coming: ComingVisitor[] = drawComingVisitors(inputs.coming, now, random);
  const comingTaken = new Uint8Array(coming.length);
  const fallback = defaultOf(hall);
  let active = n;
  while (active > 0) {
    let k = -1;
    for (let i = 0; i < n; i += 1) {
      if (Number.isNaN(dryAt[i]!) && (k < 0 || free[i]! < free[k]!)) k = i;
    }
    const w = windows[k]!;
    const call = callFrom(w, free[k]!, breakIndex[k]!);
    breakIndex[k] = call.next;
    const t = call.at;
    if (t !== free[k]) {
      free[k] = t;
      if (!Number.isFinite(t)) {
        dryAt[k] = t;
        active -= 1;
      }
      continue;
    }
    // The head of the window's line not yet taken, and the best visitor come since who goes before it.
    const line = lines[k]!;
    let p = position[k]!;
    while (p < line.length && taken[indexOf.get(line[p]!.id)!] === 1) p += 1;
    position[k] = p;
    const head = line[p];
    let best = -1;
    for (let c = 0; c < coming.length; c += 1) {
      const v = coming[c]!;
      if (v.arriveAt > t) break;
      if (comingTaken[c] === 1 || !w.window.serviceIds.includes(v.serviceId)) continue;
      const b = best >= 0 ? coming[best]! : null;
      if (
        b === null ||
        rankOf(v.visitorClass) - rankOf(b.visitorClass) < 0 ||
        (v.visitorClass === b.visitorClass && v.queuedAt < b.queuedAt)
      )
        best = c;
    }
    const comer = best >= 0 ? coming[best]! : null;
    const comerFirst =
      comer !== null &&
      (head === undefined ||
        rankOf(comer.visitorClass) < rankOf(head.visitorClass) ||
        (comer.visitorClass === head.visitorClass && comer.queuedAt < head.queuedAt));
    if (comerFirst) {
      comingTaken[best] = 1;
      free[k] = t + drawCycleMs(inputs.serviceTimes, random, comer.serviceId, w.clerkId, fallback);
      continue;
    }
    if (head === undefined) {
      dryAt[k] = t;
      active -= 1;
      continue;
    }
    taken[indexOf.get(head.id)!] = 1;
    if (extra !== null && head.id === extra.id) return { end: { dryAt, breakIndex }, extraCalledAt: t };
    free[k] = t + drawCycleMs(inputs.serviceTimes, random, head.serviceId, w.clerkId, fallback);
  }
  return { end: { dryAt, breakIndex }, extraCalledAt: null };
}

/** The waiting tickets each window may call, in its call order (one sort under earliest-first). */
function linesOf(hall: Hall, windows: readonly PlayWindow[], waiting: Ticket[]): Ticket[][] {
  const policy = hall.rules.callPolicy;
  const first = windows[0];
  const shared =
    policy === 'earliest-first' && first ? waiting.sort(compareForWindow(first.window, policy)) : null;
  return windows.map((w) =>
    shared
      ? shared.filter((t) => windowCanServe(w.window, t))
      : waiting.filter((t) => windowCanServe(w.window, t)).sort(compareForWindow(w.window, policy)),
  );
}

/** A seed from the instant: the same state and instant give the same estimate on every machine. */
const seedOf = (now: number): number => Math.floor(now / 1000) % 2_147_483_647;

function waitingOf(state: QueueState): Ticket[] {
  const waiting: Ticket[] = [];
  for (const t of state.tickets.values()) if (t.status === 'waiting') waiting.push(t);
  return waiting;
}

/**
 * The waiting tickets a ticket's simulation must play. A priority ticket is called before every normal one at
 * every window, and every priority ticket ahead of it is already waiting: until it is called, the windows that can
 * serve it take only priority tickets, and a window that takes a normal one has no priority ticket ahead of it
 * left to take. So the normal line cannot change when it is called, and its simulation plays the priority lane
 * only, read from the waiting index (a handful of tickets, however long the normal line is).
 */
function waitingAheadOf(state: QueueState, ticket: Ticket): Ticket[] {
  if (ticket.visitorClass !== 'priority') return waitingOf(state);
  const priority: Ticket[] = [];
  for (const [key, line] of Object.entries(waitingIndexOf(state.tickets).lines)) {
    if (key.endsWith(':priority')) for (const t of line.keys()) priority.push(t);
  }
  return priority;
}

/** The queue simulated forward from this state at `now`, `runs` times (see `WaitOutlook`). */
export function waitOutlookOf(
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
): WaitOutlook {
  const windows = playWindows(hall, state, inputs, now);
  const waiting = waitingOf(state);
  const indexOf = new Map(waiting.map((t, i) => [t.id, i]));
  const lines = linesOf(hall, windows, waiting);
  const random = seededRandom(seedOf(now));
  const runs: RunEnd[] = [];
  for (let r = 0; r < runsFor(inputs, waiting.length); r += 1) {
    runs.push(playRun(hall, state, inputs, now, windows, lines, indexOf, null, random).end);
  }
  let lastInLine: Ticket | null = null;
  for (const t of waiting) if (lastInLine === null || compareInLine(t, lastInLine) > 0) lastInLine = t;
  return {
    hall,
    tickets: state.tickets,
    windows: state.windows,
    inputs,
    now,
    windowList: windows,
    runs,
    lastInLine,
  };
}

/** From `t` with the window's next break `next`: when it calls, and its next break after (no state changed). */
function callFrom(w: PlayWindow, t: number, next: number): { at: number; next: number } {
  let at = t;
  let b = next;
  for (;;) {
    at = w.availability.openFrom(at);
    const pause = w.availability.breaks[b];
    if (pause === undefined || pause.from > at || !Number.isFinite(at)) return { at, next: b };
    at += pause.to - pause.from;
    b += 1;
  }
}

/** In one run, when a window serving `serviceId` calls a ticket issued behind everyone, which window, its breaks. */
function firstCall(
  outlook: WaitOutlook,
  run: RunEnd,
  serviceId: string,
): { at: number; k: number; next: number } {
  let best = { at: Number.POSITIVE_INFINITY, k: -1, next: 0 };
  const windows = outlook.windowList;
  for (let k = 0; k < windows.length; k += 1) {
    const w = windows[k]!;
    if (!w.window.serviceIds.includes(serviceId)) continue;
    const call = callFrom(w, run.dryAt[k]!, run.breakIndex[k]!);
    if (call.at < best.at) best = { at: call.at, k, next: call.next };
  }
  return best;
}

/**
 * The wait of a normal ticket of `serviceId` issued now behind everyone, under earliest-first: in each run it is
 * called when the first window serving its service runs dry. Null when no window serving it opens again today.
 */
export function newTicketSpread(
  outlook: WaitOutlook,
  serviceId: string,
  now: number = outlook.now,
): WaitSpread | null {
  const outcomes: number[] = [];
  const earliest = now + (outlook.inputs.serviceTimes.idleCallMs ?? 0);
  for (const run of outlook.runs) {
    const at = firstCall(outlook, run, serviceId).at;
    if (!Number.isFinite(at)) return null;
    outcomes.push(Math.max(at, earliest) - now);
  }
  return spreadOf(outcomes);
}

/** A cheap deterministic seed from a ticket id and a run number, for the carried runs. */
function seedFor(id: string, run: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i += 1) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h ^ Math.imul(run + 1, 0x9e3779b1)) | 0;
}

/**
 * The outlook after a ticket was issued, from the outlook before it, without simulating again: in each run the
 * window that calls a new ticket of its service first serves it (one drawn visit) and runs dry that much later.
 * Exact in distribution for a normal ticket behind everyone; for a priority ticket (called before the normal ones)
 * the same one visit more, which the line's windows give before they run dry whatever the order. Undefined when
 * the ticket is sent to a named window, stands before the last in line, or the hall calls by service order.
 */
export function outlookAfterIssue(
  outlook: WaitOutlook,
  next: QueueState,
  ticket: Ticket,
): WaitOutlook | undefined {
  if (outlook.hall.rules.callPolicy !== 'earliest-first') return undefined;
  if (ticket.targetWindowId !== null) return undefined;
  if (outlook.lastInLine !== null && compareInLine(ticket, outlook.lastInLine) <= 0) return undefined;
  const fallback = defaultOf(outlook.hall);
  // One generator per ticket, drawn run after run: the same ticket gets the same visits on every machine.
  const random = seededRandom(seedFor(ticket.id, 0));
  const runs = outlook.runs.map((run) => {
    const first = firstCall(outlook, run, ticket.serviceId);
    const { k } = first;
    if (k < 0 || !Number.isFinite(first.at)) return run;
    const at = Math.max(first.at, ticket.issuedAt + (outlook.inputs.serviceTimes.idleCallMs ?? 0));
    const cycle = drawCycleMs(
      outlook.inputs.serviceTimes,
      random,
      ticket.serviceId,
      outlook.windowList[k]!.clerkId,
      fallback,
    );
    const dryAt = Float64Array.from(run.dryAt);
    dryAt[k] = at + cycle;
    const breakIndex = first.next === run.breakIndex[k] ? run.breakIndex : Int32Array.from(run.breakIndex);
    breakIndex[k] = first.next;
    return { dryAt, breakIndex };
  });
  return { ...outlook, tickets: next.tickets, windows: next.windows, runs, lastInLine: ticket };
}

/**
 * The wait of one ticket not behind everyone (priority lane, service-order halls): the queue simulated with the
 * ticket in it, `runs` times, until a window calls it. Null when no window would.
 */
export function ticketSpread(
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
  ticket: Ticket,
): WaitSpread | null {
  const windows = playWindows(hall, state, inputs, now);
  const waiting = waitingAheadOf(state, ticket);
  if (!waiting.includes(ticket)) waiting.push(ticket);
  const indexOf = new Map(waiting.map((t, i) => [t.id, i]));
  const lines = linesOf(hall, windows, waiting);
  const random = seededRandom(seedOf(now));
  const outcomes: number[] = [];
  for (let r = 0; r < runsFor(inputs, waiting.length); r += 1) {
    const { extraCalledAt } = playRun(hall, state, inputs, now, windows, lines, indexOf, ticket, random);
    if (extraCalledAt === null) return null;
    outcomes.push(Math.max(extraCalledAt - now, inputs.serviceTimes.idleCallMs ?? 0));
  }
  return spreadOf(outcomes);
}
