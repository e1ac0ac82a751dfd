/**
 * The wait estimate as it was before the forecast was bounded: the whole queue played forward, ticket by ticket,
 * on every call. Kept for the tests only, as the reference the bounded, index-fed forecast must match exactly
 * while the queue is within its horizon (`wait-estimate.ts`, FORECAST_HORIZON). Deliberately a copy, not shared
 * code, so that a change to the estimate cannot change its reference with it.
 */
import { compareForWindow, windowCanServe } from '../call-order.ts';
import type { Hall, Service } from '../hall.ts';
import type { QueueState, WindowState } from '../state.ts';
import type { Ticket, VisitorClass } from '../ticket.ts';
import { CHANGEOVER_MS, EXPECTED_PAUSE_MS, meanServiceMs, peopleAheadInService } from '../wait-estimate.ts';

function latestInstant(state: QueueState): number {
  let latest = 0;
  for (const t of state.tickets.values()) {
    latest = Math.max(latest, t.queuedAt, t.lastCalledAt ?? 0, t.startedAt ?? 0);
  }
  for (const w of Object.values(state.windows)) latest = Math.max(latest, w.since);
  return latest;
}

function cycleMs(hall: Hall, state: QueueState, serviceId: string): number {
  const service = hall.services.find((s) => s.id === serviceId);
  return (service ? meanServiceMs(service, state.recentServiceMs[serviceId]) : 5 * 60_000) + CHANGEOVER_MS;
}

function freeAt(ws: WindowState | undefined, state: QueueState, now: number, hall: Hall): number {
  if (!ws) return now;
  let at = now;
  if (ws.status === 'paused') {
    const back = (ws.pausedAt ?? now) + EXPECTED_PAUSE_MS;
    at = back > now ? back : now + 5 * 60_000;
  }
  const current = ws.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  if (current) {
    const began = current.startedAt ?? current.lastCalledAt ?? now;
    const full = cycleMs(hall, state, current.serviceId);
    at = Math.max(at, now + Math.max(full - (now - began), full * 0.1));
  }
  return at;
}

/** When each enabled window runs dry, and when `extra` is called, with every waiting ticket played. */
export function fullReplay(hall: Hall, state: QueueState, extra: Ticket | null) {
  const now = latestInstant(state);
  const waiting: Ticket[] = [];
  for (const t of state.tickets.values()) if (t.status === 'waiting') waiting.push(t);
  if (extra) waiting.push(extra);
  const windows = hall.windows.filter((w) => w.enabled);
  const policy = hall.rules.callPolicy;
  const lines = windows.map((w) =>
    waiting.filter((t) => windowCanServe(w, t)).sort(compareForWindow(w, policy)),
  );
  const position = windows.map(() => 0);
  const free = windows.map((w) => freeAt(state.windows[w.id], state, now, hall));
  const dryAt = new Map<string, number>();
  const taken = new Set<string>();
  let extraCalledAt: number | null = null;
  for (;;) {
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
    free[k] = free[k]! + cycleMs(hall, state, next.serviceId);
  }
  return { now, dryAt: Object.fromEntries(dryAt), extraCalledAt };
}

/** The estimate for a new ticket as the full replay gives it (`estimateWaitMs` before the horizon). */
export function fullReplayEstimate(
  hall: Hall,
  state: QueueState,
  service: Service,
  peopleAhead: number,
): number {
  const noWindow = () => Math.round(peopleAhead * cycleMs(hall, state, service.id));
  if (!hall.windows.some((w) => w.enabled && w.serviceIds.includes(service.id))) return noWindow();
  const lane: VisitorClass =
    peopleAhead < peopleAheadInService(state, service.id, 'normal') ? 'priority' : 'normal';
  const now = latestInstant(state);
  if (lane === 'normal' && hall.rules.callPolicy === 'earliest-first') {
    // Behind everyone: called when the first window serving the service runs dry.
    const { dryAt } = fullReplay(hall, state, null);
    let first = Number.POSITIVE_INFINITY;
    for (const w of hall.windows) {
      if (w.enabled && w.serviceIds.includes(service.id)) first = Math.min(first, dryAt[w.id] ?? first);
    }
    return Number.isFinite(first) ? Math.max(0, Math.round(first - now)) : noWindow();
  }
  const extra: Ticket = {
    id: `estimate:${service.id}`,
    number: '',
    businessDay: '',
    serviceId: service.id,
    issuedServiceId: service.id,
    visitorClass: lane,
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
  const { extraCalledAt } = fullReplay(hall, state, extra);
  return extraCalledAt === null ? noWindow() : Math.max(0, Math.round(extraCalledAt - now));
}
