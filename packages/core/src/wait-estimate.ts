import { compareForWindow, windowCanServe } from './call-order.ts';
import type { Hall, HallWindow, Service } from './hall.ts';
import type { QueueForecast, QueueState, WindowState } from './state.ts';
import type { Ticket, VisitorClass } from './ticket.ts';
import { compareInLine, waitingIndexOf, waitingInService } from './ticket-store.ts';

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
 * instant is seconds old; in an empty hall nobody is ahead and the estimate does not depend on it.
 */
function latestInstant(state: QueueState): number {
  let latest = 0;
  for (const t of state.tickets.values()) {
    latest = Math.max(latest, t.queuedAt, t.lastCalledAt ?? 0, t.startedAt ?? 0);
  }
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
 * Plays the queue forward without a clock: every window working through the waiting tickets in the order
 * call-next would give them (priority lane, call policy, tickets sent to a named window), each visitor taking
 * their service's cycle. `stopAt` is a ticket that ends the run when called (the hypothetical new one); without
 * it, the run goes on until every window has nothing left it may call. Returns when each window ran dry, and
 * when `stopAt` was called (null if no window could call it).
 */
function playForward(hall: Hall, state: QueueState, extra: Ticket | null) {
  const now = latestInstant(state);
  const cycle = cycleOf(hall, state);
  const waiting: Ticket[] = [];
  for (const t of state.tickets.values()) if (t.status === 'waiting') waiting.push(t);
  if (extra) waiting.push(extra);
  const windows = hall.windows.filter((w) => w.enabled);
  // Each window's own call order over the tickets it may call; a pointer walks it, skipping taken tickets.
  // Under earliest-first the order does not depend on the window, so one sort serves them all (this runs on
  // every command, for the figures).
  const policy = hall.rules.callPolicy;
  const first = windows[0];
  const shared = policy === 'earliest-first' && first ? waiting.sort(compareForWindow(first, policy)) : null;
  const lines = windows.map((w) =>
    shared
      ? shared.filter((t) => windowCanServe(w, t))
      : waiting.filter((t) => windowCanServe(w, t)).sort(compareForWindow(w, policy)),
  );
  const position = windows.map(() => 0);
  const free = windows.map((w) => freeAt(state.windows[w.id], state, now, cycle));
  const dryAt = new Map<string, number>();
  const taken = new Set<string>();
  let extraCalledAt: number | null = null;
  for (;;) {
    // The window that is free first calls next (ties: hall order).
    let k = -1;
    for (let i = 0; i < windows.length; i += 1) {
      if (dryAt.has(windows[i]!.id)) continue;
      if (k < 0 || free[i]! < free[k]!) k = i;
    }
    if (k < 0) break;
    const line = lines[k]!;
    let p = position[k]!;
    while (p < line.length && taken.has(line[p]!.id)) p += 1;
    position[k] = p;
    const next = line[p];
    if (!next) {
      dryAt.set(windows[k]!.id, free[k]!);
      continue;
    }
    taken.add(next.id);
    if (extra && next.id === extra.id) {
      extraCalledAt = free[k]!;
      break;
    }
    free[k] = free[k]! + cycle(next.serviceId);
  }
  return { now, dryAt, extraCalledAt, cycle };
}

/** A stand-in for a ticket issued now, queued behind everyone (its id cannot clash: real ids hold a '/'). */
function newTicketOf(service: Service, visitorClass: VisitorClass, now: number): Ticket {
  return {
    id: `estimate:${service.id}`,
    number: '',
    businessDay: '',
    serviceId: service.id,
    issuedServiceId: service.id,
    visitorClass,
    status: 'waiting',
    issuedAt: now + 1,
    queuedAt: now + 1,
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    visitorKey: null,
    kioskId: null,
  };
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
  const { extraCalledAt } = playForward(hall, state, newTicketOf(service, lane, from));
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

/** Forecasts played from a state, remembered by identity (states are immutable; the weak map lets them go). */
const playedForecasts = new WeakMap<QueueState, QueueForecast>();

/**
 * The queue played forward from this state: the forecast the state carries when it fits (carried from issue to
 * issue, see `forecastAfterIssue`), else one played once per state. `now`, when given, bounds how old a carried
 * forecast may be.
 */
export function forecastOf(hall: Hall, state: QueueState, now: number | null = null): QueueForecast {
  if (state.forecast && forecastFits(state.forecast, hall, state, now)) return state.forecast;
  const played = playedForecasts.get(state);
  if (played && forecastFits(played, hall, state, now)) return played;
  const run = playForward(hall, state, null);
  let lastInLine: Ticket | null = null;
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting') continue;
    if (lastInLine === null || compareInLine(ticket, lastInLine) > 0) lastInLine = ticket;
  }
  const forecast: QueueForecast = {
    hall,
    tickets: state.tickets,
    windows: state.windows,
    recentServiceMs: state.recentServiceMs,
    now: run.now,
    dryAt: Object.fromEntries(run.dryAt),
    lastInLine,
  };
  playedForecasts.set(state, forecast);
  return forecast;
}

/**
 * The forecast of the state after a normal ticket was issued behind everyone, from the forecast before it, in
 * O(windows) instead of playing the whole queue again. Exact: until the first window serving the ticket's service
 * runs dry, the ticket is never the next one any window may call, so the run is unchanged up to then; that window
 * calls it and runs dry one cycle later; every other window is untouched. Undefined when the ticket is not behind
 * everyone (priority lane, a clock set back), and the next estimate plays the queue anew.
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
  let first: HallWindow | null = null;
  for (const w of hall.windows) {
    if (!w.enabled || !w.serviceIds.includes(ticket.serviceId)) continue;
    const dry = forecast.dryAt[w.id];
    if (dry !== undefined && (first === null || dry < (forecast.dryAt[first.id] as number))) first = w;
  }
  const dryAt =
    first === null
      ? forecast.dryAt
      : {
          ...forecast.dryAt,
          [first.id]: (forecast.dryAt[first.id] as number) + cycleMs(hall, next, ticket.serviceId),
        };
  return {
    ...forecast,
    tickets: next.tickets,
    windows: next.windows,
    recentServiceMs: next.recentServiceMs,
    dryAt,
    lastInLine: ticket,
  };
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
