import { compareForWindow, windowCanServe } from './call-order.ts';
import type { Hall, HallWindow, Service } from './hall.ts';
import type { SortedMap } from './persistent/sorted-map.ts';
import { probeTicket } from './probe-ticket.ts';
import type { ForecastBatch, ForecastTail, QueueForecast, QueueState, WindowState } from './state.ts';
import { derivedPerState } from './state-memo.ts';
import type { Ticket, VisitorClass } from './ticket.ts';
import {
  compareInLine,
  latestTicketInstant,
  serviceLineKey,
  type WaitingIndex,
  waitingIndexOf,
  waitingInService,
  windowLineKey,
} from './ticket-store.ts';

/** How many recent service durations the estimate remembers per service. */
export const RECENT_SERVICE_SAMPLES = 20;

/**
 * Time a window spends per visitor beyond the recorded service duration (start → finish): the call, the visitor's
 * walk to the window, the clerk's wrap-up before the next call. Service durations do not contain it, yet it takes
 * a window's time like service does. One minute is an assumption about halls, not a measurement; see
 * docs/benchmarks.md for what the accuracy benchmark shows when the real figure differs.
 */
export const CHANGEOVER_MS = 60_000;

/** How long a paused window is expected to stay away, counted from when it paused (a break). */
export const EXPECTED_PAUSE_MS = 15 * 60_000;

/**
 * Typical service time of a service: the median of its recent service durations (robust to one visitor who
 * took an hour), or the configured default until a few real ones exist.
 */
export function typicalServiceMs(service: Service, recent: readonly number[] | undefined): number {
  if (!recent || recent.length < 3) return service.defaultServiceMinutes * 60_000;
  const sorted = [...recent].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Mean service time of a service, for throughput: a queue drains at the mean rate, and service times are skewed
 * (a few long ones), so the median would promise too short waits. The longest and the shortest recent duration
 * are left out once there are five or more, so one visitor who took an hour moves it little. The configured
 * default until three real durations exist.
 */
export function meanServiceMs(service: Service, recent: readonly number[] | undefined): number {
  if (!recent || recent.length < 3) return service.defaultServiceMinutes * 60_000;
  const sorted = [...recent].sort((a, b) => a - b);
  const kept = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  return kept.reduce((sum, ms) => sum + ms, 0) / kept.length;
}

/**
 * Windows working on a service: enabled, serving it and not paused. When every one of them is paused (lunch),
 * they are still counted, since they will come back; a service no window serves gets one, so the estimate
 * stays finite and shows as long rather than as nothing.
 */
export function windowsServing(hall: Hall, state: QueueState, serviceId: string): number {
  const serving = hall.windows.filter((w) => w.enabled && w.serviceIds.includes(serviceId));
  const open = serving.filter((w) => state.windows[w.id]?.status !== 'paused');
  return Math.max(1, open.length || serving.length);
}

/** Waiting tickets in a service's line that would be called before a new ticket of this class. */
export function peopleAheadInService(
  state: QueueState,
  serviceId: string,
  visitorClass: VisitorClass,
): number {
  const index = waitingIndexOf(state.tickets);
  return visitorClass === 'priority'
    ? (index.priorityByService[serviceId] ?? 0)
    : waitingInService(index, serviceId);
}

/**
 * The core reads no clock, and the estimate is asked for with the state alone: the latest instant the state
 * records (an issue, a call, a start, a window change) stands for now. In a hall busy enough to have a queue that
 * instant is seconds old; in an empty hall nobody is ahead and the estimate does not depend on it. The tickets'
 * latest instant comes from the waiting index (O(log n)), not from walking them.
 */
function latestInstant(state: QueueState): number {
  let latest = latestTicketInstant(waitingIndexOf(state.tickets));
  for (const w of Object.values(state.windows)) latest = Math.max(latest, w.since);
  return latest;
}

/** A window's time per visitor of a service: mean service time plus the changeover. */
function cycleMs(hall: Hall, state: QueueState, serviceId: string): number {
  const service = hall.services.find((s) => s.id === serviceId);
  return (service ? meanServiceMs(service, state.recentServiceMs[serviceId]) : 5 * 60_000) + CHANGEOVER_MS;
}

/** `cycleMs` remembered per service for one run of the queue. */
function cycleOf(hall: Hall, state: QueueState) {
  const cache = new Map<string, number>();
  return (serviceId: string): number => {
    let ms = cache.get(serviceId);
    if (ms === undefined) {
      ms = cycleMs(hall, state, serviceId);
      cache.set(serviceId, ms);
    }
    return ms;
  };
}

/** When a window can next call someone: now if idle, after its current visitor, or back from a pause. */
function freeAt(
  ws: WindowState | undefined,
  state: QueueState,
  now: number,
  cycle: (id: string) => number,
): number {
  if (!ws) return now;
  let at = now;
  if (ws.status === 'paused') {
    const back = (ws.pausedAt ?? now) + EXPECTED_PAUSE_MS;
    // A pause already longer than expected: assume a few more minutes, not "any second now".
    at = back > now ? back : now + 5 * 60_000;
  }
  const current = ws.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  if (current) {
    const began = current.startedAt ?? current.lastCalledAt ?? now;
    const full = cycle(current.serviceId);
    // Remaining time of the visitor at the window; at least a tenth of a visit, as an overrun still ends.
    at = Math.max(at, now + Math.max(full - (now - began), full * 0.1));
  }
  return at;
}

/**
 * How many waiting tickets (in call order) the forecast plays one by one. Beyond them, the rest of each line is
 * played as a batch (`playBatch`), so a command's work does not grow with the queue: an exact update of a
 * one-by-one replay is not possible in less than the queue's length, since a call or a moved "now" can hand every
 * later ticket to another window. Up to the horizon the forecast is exactly the full replay (a property test holds
 * it to that). 64: the simulated days of the accuracy benchmark (ten windows, peaks of 30–60 waiting) give the
 * very same estimates as the full replay; at 32 the batches take over at the peaks and 0.3 points fewer estimates
 * are right (docs/benchmarks.md).
 */
export const FORECAST_HORIZON = 64;

/** A line of the waiting index as the forecast reads it: its tickets in order, from the first not yet played. */
interface LineCursor {
  readonly key: string;
  readonly lane: VisitorClass;
  readonly iterator: Iterator<Ticket>;
  /** The first ticket of the line not in the prefix (the stand-in ticket when it is the only one). */
  head: Ticket | undefined;
  /** Tickets of the line in the prefix. */
  taken: number;
  /** Tickets of the line not in the prefix (the stand-in included when it is not in the prefix). */
  left: number;
}

const LANES: readonly VisitorClass[] = ['priority', 'normal'];
const lineLane = (key: string): VisitorClass => (key.endsWith(':priority') ? 'priority' : 'normal');
const lineKeyOfTicket = (t: Ticket): string =>
  t.targetWindowId !== null
    ? windowLineKey(t.targetWindowId, t.visitorClass)
    : serviceLineKey(t.serviceId, t.visitorClass);

function cursorOf(key: string, line: SortedMap<Ticket, true>): LineCursor {
  const iterator = line.keys();
  const first = iterator.next();
  return {
    key,
    lane: lineLane(key),
    iterator,
    head: first.done ? undefined : first.value,
    taken: 0,
    left: line.size,
  };
}

/**
 * The first `limit` waiting tickets in earliest-first call order (priority lane first, then queue time), merged
 * from the index's lines, with `extra` (the stand-in for a new ticket, which comes after every ticket of its lane)
 * in its place; and, per line, what is left after them. O(limit × lines), whatever the queue's length.
 */
function prefixOf(index: WaitingIndex, extra: Ticket | null, limit: number) {
  const cursors = Object.entries(index.lines).map(([key, line]) => cursorOf(key, line));
  const prefix: Ticket[] = [];
  let extraInPrefix = false;
  for (const lane of LANES) {
    const own = cursors.filter((c) => c.lane === lane);
    while (prefix.length < limit) {
      let best: LineCursor | null = null;
      for (const c of own) {
        if (c.head !== undefined && (best === null || compareInLine(c.head, best.head as Ticket) < 0))
          best = c;
      }
      if (best === null) break;
      prefix.push(best.head as Ticket);
      best.taken += 1;
      best.left -= 1;
      const next = best.iterator.next();
      best.head = next.done ? undefined : next.value;
    }
    if (extra !== null && extra.visitorClass === lane) {
      if (prefix.length < limit) {
        prefix.push(extra);
        extraInPrefix = true;
      } else {
        const key = lineKeyOfTicket(extra);
        let line = cursors.find((c) => c.key === key);
        if (line === undefined) {
          line = { key, lane, iterator: [][Symbol.iterator](), head: undefined, taken: 0, left: 0 };
          cursors.push(line);
        }
        line.head ??= extra;
        line.left += 1;
      }
    }
  }
  return { prefix, cursors, extraInPrefix };
}

/**
 * `count` visitors of one line, each taking `cycle`, handed one by one to the eligible window free first (ties:
 * hall order), as call-next would; `free` is updated in place. Returns when the last of them is called. The bulk
 * is handed out at once: every window gets the visits that start before a level L chosen so that fewer than
 * `count` do (found by bisection), and only the last few go one by one. Same result as one by one, in
 * O(windows × 60) instead of O(count). Exported for its test.
 */
export function playBatch(free: number[], eligible: readonly number[], count: number, cycle: number): number {
  let left = count;
  if (left > 2 * eligible.length) {
    const total = (level: number): number => {
      let visits = 0;
      for (const i of eligible) {
        const at = free[i] as number;
        if (at < level) visits += Math.ceil((level - at) / cycle);
      }
      return visits;
    };
    let lo = Number.POSITIVE_INFINITY;
    for (const i of eligible) lo = Math.min(lo, free[i] as number);
    let hi = lo + count * cycle;
    // Stop once few enough are left for one by one: any level with fewer than `count` visits before it gives the
    // same result, the rest go one by one.
    for (let step = 0; step < 60 && count - 1 - total(lo) > eligible.length; step += 1) {
      const mid = (lo + hi) / 2;
      if (total(mid) <= count - 1) lo = mid;
      else hi = mid;
    }
    for (const i of eligible) {
      const at = free[i] as number;
      if (at >= lo) continue;
      const visits = Math.ceil((lo - at) / cycle);
      free[i] = at + visits * cycle;
      left -= visits;
    }
  }
  let lastCalledAt = Number.NaN;
  for (; left > 0; left -= 1) {
    let k = eligible[0] as number;
    for (const i of eligible) if ((free[i] as number) < (free[k] as number)) k = i;
    lastCalledAt = free[k] as number;
    free[k] = lastCalledAt + cycle;
  }
  return lastCalledAt;
}

/** Batches in the order they are played: priority lane first, then by each batch's first ticket. */
const compareBatches = (a: ForecastBatch, b: ForecastBatch): number =>
  (a.lane === b.lane ? 0 : a.lane === 'priority' ? -1 : 1) || compareInLine(a.head, b.head);

/**
 * Plays batches `from` on, in order, from `free` (updated in place); `freeBefore` gets the free times after each.
 * Returns when the last ticket of the batch with `extraKey` is called (the stand-in ends that batch), or null.
 */
function playBatches(
  free: number[],
  batches: readonly ForecastBatch[],
  from: number,
  freeBefore: (readonly number[])[],
  extraKey: string | null,
): number | null {
  let extraCalledAt: number | null = null;
  for (let i = from; i < batches.length; i += 1) {
    const batch = batches[i] as ForecastBatch;
    if (batch.eligible.length > 0 && batch.count > 0) {
      const last = playBatch(free, batch.eligible, batch.count, batch.cycle);
      if (batch.key === extraKey) extraCalledAt = last;
    }
    freeBefore.push([...free]);
  }
  return extraCalledAt;
}

/** The batch of a line's tickets left after the prefix. */
function batchOf(
  windows: readonly HallWindow[],
  key: string,
  head: Ticket,
  count: number,
  cycle: (id: string) => number,
): ForecastBatch {
  return {
    key,
    lane: lineLane(key),
    head,
    count,
    cycle: cycle(head.serviceId),
    eligible: windowsThatMayCall(windows, head),
  };
}

/** The indexes of the windows that may call a ticket (the same for every ticket of its line). */
function windowsThatMayCall(windows: readonly HallWindow[], ticket: Ticket): number[] {
  const eligible: number[] = [];
  windows.forEach((w, i) => {
    if (windowCanServe(w, ticket)) eligible.push(i);
  });
  return eligible;
}

/**
 * Under earliest-first every window calls in the one order the prefix is in, so the run can go ticket by ticket:
 * each is called by the window that may call it and is free first (ties: hall order), which is what windows
 * taking turns give (a property test holds it to the window-by-window replay). `free` is updated in place;
 * returns when `extra` is called, or null.
 */
function playInCallOrder(
  windows: readonly HallWindow[],
  prefix: readonly Ticket[],
  free: number[],
  cycle: (id: string) => number,
  extra: Ticket | null,
): number | null {
  const eligibleByLine = new Map<string, number[]>();
  for (const t of prefix) {
    const key = lineKeyOfTicket(t);
    let eligible = eligibleByLine.get(key);
    if (eligible === undefined) {
      eligible = windowsThatMayCall(windows, t);
      eligibleByLine.set(key, eligible);
    }
    if (eligible.length === 0) continue;
    let k = eligible[0] as number;
    for (const i of eligible) if ((free[i] as number) < (free[k] as number)) k = i;
    if (t === extra) return free[k] as number;
    free[k] = (free[k] as number) + cycle(t.serviceId);
  }
  return null;
}

/**
 * Under service-order each window has its own order: the window free first calls the first ticket in its order
 * that nobody took yet (ties: hall order); a pointer walks each window's line. `free` is updated in place;
 * returns when `extra` is called, or null.
 */
function playByWindow(
  hall: Hall,
  windows: readonly HallWindow[],
  prefix: readonly Ticket[],
  free: number[],
  cycle: (id: string) => number,
  extra: Ticket | null,
): number | null {
  const lines = windows.map((w) =>
    prefix.filter((t) => windowCanServe(w, t)).sort(compareForWindow(w, hall.rules.callPolicy)),
  );
  const position = windows.map(() => 0);
  const dry = windows.map(() => false);
  const taken = new Set<string>();
  for (;;) {
    let k = -1;
    for (let i = 0; i < windows.length; i += 1) {
      if (dry[i]) continue;
      if (k < 0 || (free[i] as number) < (free[k] as number)) k = i;
    }
    if (k < 0) return null;
    const line = lines[k] as Ticket[];
    let p = position[k] as number;
    while (p < line.length && taken.has((line[p] as Ticket).id)) p += 1;
    position[k] = p;
    const next = line[p];
    if (!next) {
      dry[k] = true;
      continue;
    }
    taken.add(next.id);
    if (next === extra) return free[k] as number;
    free[k] = (free[k] as number) + cycle(next.serviceId);
  }
}

/**
 * Plays the queue forward without a clock: every window working through the waiting tickets in the order
 * call-next would give them (priority lane, call policy, tickets sent to a named window), each visitor taking
 * their service's cycle. `extra` is a ticket that ends the run when called (the hypothetical new one); without
 * it, the run goes on until every window has nothing left it may call. Returns when each window ran dry, and
 * when `extra` was called (null if no window could call it). The first FORECAST_HORIZON tickets are played one by
 * one, the rest line by line (`playBatch`).
 */
function playForward(hall: Hall, state: QueueState, extra: Ticket | null, horizon = FORECAST_HORIZON) {
  const now = latestInstant(state);
  const cycle = cycleOf(hall, state);
  const { prefix, cursors, extraInPrefix } = prefixOf(waitingIndexOf(state.tickets), extra, horizon);
  const windows = hall.windows.filter((w) => w.enabled);
  const free = windows.map((w) => freeAt(state.windows[w.id], state, now, cycle));
  let extraCalledAt =
    hall.rules.callPolicy === 'earliest-first'
      ? playInCallOrder(windows, prefix, free, cycle, extra)
      : playByWindow(hall, windows, prefix, free, cycle, extra);
  let tail: ForecastTail | null = null;
  if (extraCalledAt === null && prefix.length === horizon) {
    const batches = cursors
      .flatMap((c) =>
        c.head === undefined || c.left <= 0 ? [] : [batchOf(windows, c.key, c.head, c.left, cycle)],
      )
      .sort(compareBatches);
    const freeBefore: (readonly number[])[] = [[...free]];
    const extraKey = extra !== null && !extraInPrefix ? lineKeyOfTicket(extra) : null;
    extraCalledAt = playBatches(free, batches, 0, freeBefore, extraKey);
    tail = { batches, freeBefore };
  }
  const dryAt = new Map(windows.map((w, i) => [w.id, free[i] as number]));
  return { now, dryAt, extraCalledAt, cycle, tail };
}

const waitingIn = (state: QueueState, serviceId: string): number =>
  peopleAheadInService(state, serviceId, 'normal');

/** Used when no enabled window serves the service: people ahead, one at a time. Finite, and long. */
function noWindowEstimate(hall: Hall, state: QueueState, service: Service, peopleAhead: number): number {
  return Math.round(peopleAhead * cycleOf(hall, state)(service.id));
}

/**
 * Estimated wait for someone with `peopleAhead` in front, issued now: the queue played forward (see
 * `playForward`) until a window would call them. This accounts for windows that serve several services (they
 * share their time between lines as call-next would), for the visitors at the windows now, for paused windows
 * coming back, and for the changeover between visitors. `peopleAhead` tells the lane: fewer than everyone
 * waiting in the service means the priority lane (only priority tickets are ahead). `now`, when given, bounds
 * the age of a forecast the state carries (see `forecastOf`).
 */
export function estimateWaitMs(
  hall: Hall,
  state: QueueState,
  service: Service,
  peopleAhead: number,
  now: number | null = null,
): number {
  if (!hall.windows.some((w) => w.enabled && w.serviceIds.includes(service.id))) {
    return noWindowEstimate(hall, state, service, peopleAhead);
  }
  const lane: VisitorClass = peopleAhead < waitingIn(state, service.id) ? 'priority' : 'normal';
  // Under earliest-first a new normal ticket comes after everyone: it is called when the first window serving
  // its service runs dry, which the state's forecast already knows.
  if (lane === 'normal' && hall.rules.callPolicy === 'earliest-first') {
    return estimateFromForecast(hall, state, service, peopleAhead, forecastOf(hall, state, now));
  }
  const from = latestInstant(state);
  const { extraCalledAt } = playForward(hall, state, probeTicket(service.id, lane, from, ''));
  if (extraCalledAt === null) return noWindowEstimate(hall, state, service, peopleAhead);
  return Math.max(0, Math.round(extraCalledAt - from));
}

/** How long a forecast carried from issue to issue may be before it is played anew from the current state. */
export const FORECAST_MAX_AGE_MS = 60_000;

/** Is the forecast about exactly this hall and state, and recent enough? */
function forecastFits(forecast: QueueForecast, hall: Hall, state: QueueState, now: number | null): boolean {
  return (
    forecast.hall === hall &&
    forecast.tickets === state.tickets &&
    forecast.windows === state.windows &&
    forecast.recentServiceMs === state.recentServiceMs &&
    (now === null || now - forecast.now <= FORECAST_MAX_AGE_MS)
  );
}

/** Forecasts played from a state, remembered by identity. */
const forecastPerState = derivedPerState<QueueForecast>();

/** The last waiting ticket in line order (queue time, issue time, id), from the lines' tails: O(lines × log n). */
function lastInLineOf(index: WaitingIndex): Ticket | null {
  let last: Ticket | null = null;
  for (const line of Object.values(index.lines)) {
    const tail = line.last()?.[0];
    if (tail !== undefined && (last === null || compareInLine(tail, last) > 0)) last = tail;
  }
  return last;
}

/** Waiting tickets in every line together: O(lines). */
function waitingCount(index: WaitingIndex): number {
  let count = 0;
  for (const line of Object.values(index.lines)) count += line.size;
  return count;
}

/**
 * The queue played forward from this state: the forecast the state carries when it fits (carried from issue to
 * issue, see `forecastAfterIssue`), else one played once per state (FORECAST_HORIZON tickets and a batch per line,
 * whatever the queue's length). `now`, when given, bounds how old a carried forecast may be.
 */
export function forecastOf(hall: Hall, state: QueueState, now: number | null = null): QueueForecast {
  return forecastPerState(
    state,
    state.forecast,
    (forecast) => forecastFits(forecast, hall, state, now),
    () => {
      const run = playForward(hall, state, null);
      return {
        hall,
        tickets: state.tickets,
        windows: state.windows,
        recentServiceMs: state.recentServiceMs,
        now: run.now,
        dryAt: Object.fromEntries(run.dryAt),
        lastInLine: lastInLineOf(waitingIndexOf(state.tickets)),
        tail: run.tail,
      };
    },
  );
}

/**
 * The forecast of the state after a normal ticket was issued behind everyone, from the forecast before it,
 * without playing the queue again. Within the horizon, in O(windows) and exact: until the first window serving the
 * ticket's service runs dry, the ticket is never the next one any window may call, so the run is unchanged up to
 * then; that window calls it and runs dry one cycle later; every other window is untouched. Past the horizon, the
 * ticket joins its line's batch (`tailAfterIssue`). Undefined when the ticket is not behind everyone (priority
 * lane, a clock set back): the next estimate plays the forecast anew, which is bounded too.
 */
export function forecastAfterIssue(
  forecast: QueueForecast,
  next: QueueState,
  ticket: Ticket,
): QueueForecast | undefined {
  const { hall } = forecast;
  if (hall.rules.callPolicy !== 'earliest-first' || ticket.visitorClass !== 'normal') return undefined;
  // Behind everyone in line order, ties included (two tickets issued in the same millisecond go by id).
  if (ticket.targetWindowId !== null) return undefined;
  if (forecast.lastInLine !== null && compareInLine(ticket, forecast.lastInLine) <= 0) return undefined;
  const waiting = waitingCount(waitingIndexOf(next.tickets));
  if (forecast.tail === null && waiting <= FORECAST_HORIZON) {
    return { ...carried(forecast, next, ticket), dryAt: dryAfterOne(forecast, next, ticket) };
  }
  // The queue fills the horizon: the new ticket, behind everyone, is one of the lines' batches.
  const before = forecast.tail ?? tailAfterAll(forecast, waiting);
  if (before === undefined) return undefined;
  const tail = tailAfterIssue(hall, before, next, ticket);
  const windows = hall.windows.filter((w) => w.enabled);
  const after = tail.freeBefore.at(-1) as readonly number[];
  const dryAt = Object.fromEntries(windows.map((w, i) => [w.id, after[i] as number]));
  return { ...carried(forecast, next, ticket), dryAt, tail };
}

/** The forecast's references moved to the state after the issue, the new ticket last in line. */
function carried(forecast: QueueForecast, next: QueueState, ticket: Ticket): QueueForecast {
  return {
    ...forecast,
    tickets: next.tickets,
    windows: next.windows,
    recentServiceMs: next.recentServiceMs,
    lastInLine: ticket,
  };
}

/**
 * A forecast that played every ticket one by one, with exactly the horizon's worth waiting: no batches yet, and
 * the windows where it left them. Undefined for a shorter queue.
 */
function tailAfterAll(forecast: QueueForecast, waitingAfter: number): ForecastTail | undefined {
  if (waitingAfter !== FORECAST_HORIZON + 1) return undefined;
  const windows = forecast.hall.windows.filter((w) => w.enabled);
  return { batches: [], freeBefore: [windows.map((w) => forecast.dryAt[w.id] as number)] };
}

/**
 * The whole queue was played one by one: the new ticket is called by the first window serving its service to
 * run dry, which runs dry one cycle later.
 */
function dryAfterOne(
  forecast: QueueForecast,
  next: QueueState,
  ticket: Ticket,
): Readonly<Record<string, number>> {
  const { hall } = forecast;
  let first: HallWindow | null = null;
  for (const w of hall.windows) {
    if (!w.enabled || !w.serviceIds.includes(ticket.serviceId)) continue;
    const dry = forecast.dryAt[w.id];
    if (dry !== undefined && (first === null || dry < (forecast.dryAt[first.id] as number))) first = w;
  }
  return first === null
    ? forecast.dryAt
    : {
        ...forecast.dryAt,
        [first.id]: (forecast.dryAt[first.id] as number) + cycleMs(hall, next, ticket.serviceId),
      };
}

/**
 * The queue was longer than the horizon: the prefix is unchanged (the new ticket stands behind it), and the new
 * ticket ends its line's batch, or starts a batch of its own, played last (its head is the newest ticket). Only
 * that batch and the ones after it are played again, from the free times stored before it: O(windows) per
 * batch, whatever the queue's length.
 */
function tailAfterIssue(hall: Hall, tail: ForecastTail, next: QueueState, ticket: Ticket): ForecastTail {
  const key = lineKeyOfTicket(ticket);
  let from = tail.batches.findIndex((b) => b.key === key);
  const batches = [...tail.batches];
  if (from < 0) {
    from = batches.length;
    batches.push(
      batchOf(
        hall.windows.filter((w) => w.enabled),
        key,
        ticket,
        1,
        cycleOf(hall, next),
      ),
    );
  } else {
    const batch = batches[from] as ForecastBatch;
    batches[from] = { ...batch, count: batch.count + 1 };
  }
  const freeBefore = tail.freeBefore.slice(0, from + 1);
  playBatches([...(freeBefore[from] as readonly number[])], batches, from, freeBefore, null);
  return { batches, freeBefore };
}

function estimateFromForecast(
  hall: Hall,
  state: QueueState,
  service: Service,
  ahead: number,
  forecast: QueueForecast,
): number {
  let first = Number.POSITIVE_INFINITY;
  for (const w of hall.windows) {
    if (!w.enabled || !w.serviceIds.includes(service.id)) continue;
    first = Math.min(first, forecast.dryAt[w.id] ?? Number.POSITIVE_INFINITY);
  }
  return Number.isFinite(first)
    ? Math.max(0, Math.round(first - forecast.now))
    : noWindowEstimate(hall, state, service, ahead);
}

export interface ServiceQueueFigures {
  readonly serviceId: string;
  readonly waiting: number;
  readonly estimatedWaitMs: number;
  readonly longestWaitingSince: number | null;
}

/**
 * Per-service figures a kiosk tile, the lobby and supervision show. Under the earliest-first policy a new normal
 * ticket comes after everyone waiting, so one forecast serves every service: a new ticket of a service is called
 * when the first window serving it runs dry. Under service-order each service gets its own run. Counts and the
 * longest wait come from the waiting index, not from walking the tickets.
 */
export function serviceQueueFigures(hall: Hall, state: QueueState): ServiceQueueFigures[] {
  const index = waitingIndexOf(state.tickets);
  const forecast = hall.rules.callPolicy === 'earliest-first' ? forecastOf(hall, state) : null;
  const estimate = (service: Service, ahead: number): number =>
    forecast
      ? estimateFromForecast(hall, state, service, ahead, forecast)
      : estimateWaitMs(hall, state, service, ahead);
  return hall.services.map((service) => {
    const waiting = waitingInService(index, service.id);
    return {
      serviceId: service.id,
      waiting,
      estimatedWaitMs: estimate(service, waiting),
      // The line is kept in queue-time order, so its head has waited longest.
      longestWaitingSince: index.byService[service.id]?.first()?.[0].queuedAt ?? null,
    };
  });
}
