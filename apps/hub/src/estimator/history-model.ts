import type { ServiceTimeModel } from '@hallq/core';

/** One ended ticket of the history, as the estimator reads it. */
export interface PastTicket {
  readonly serviceId: string;
  readonly clerkId: string | null;
  readonly windowId: string | null;
  readonly priority: boolean;
  readonly noShow: boolean;
  readonly businessDay: string;
  readonly issuedAt: number;
  readonly firstCalledAt: number | null;
  readonly lastCalledAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** Fewer ended tickets than this and the estimator is not used (the single-figure estimate stays). */
export const MIN_HISTORY_TICKETS = 50;
/** Durations kept per service and per clerk and service: the newest, enough for the shape of the spread. */
const PER_SERVICE = 2000;
const PER_CLERK = 300;
/** A gap between a window's visitors shorter than this is its wrap-up; a longer one, the window was idle. */
const WRAP_LIMIT_MS = 60_000;

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * The estimator's service-time model from ended tickets (newest first): durations per service and per clerk, the
 * changeover (median walk from call to start plus median wrap-up before the window's next call), the no-show
 * share and cost, the reaction of a free window. Null when the history is too short to trust.
 */
export function serviceTimeModelOf(tickets: readonly PastTicket[]): ServiceTimeModel | null {
  if (tickets.length < MIN_HISTORY_TICKETS) return null;
  const byService: Record<string, number[]> = {};
  const byClerk: Record<string, Record<string, number[]>> = {};
  const walks: number[] = [];
  const idle: number[] = [];
  const noShowTimes: number[] = [];
  let called = 0;
  let noShows = 0;
  for (const t of tickets) {
    if (t.firstCalledAt !== null) {
      called += 1;
      const reaction = t.firstCalledAt - t.issuedAt;
      if (reaction >= 0 && reaction < WRAP_LIMIT_MS) idle.push(reaction);
    }
    if (t.noShow) {
      noShows += 1;
      if (t.endedAt !== null && t.firstCalledAt !== null) noShowTimes.push(t.endedAt - t.firstCalledAt);
      continue;
    }
    if (t.startedAt === null || t.endedAt === null || t.endedAt <= t.startedAt) continue;
    if (t.lastCalledAt !== null && t.startedAt >= t.lastCalledAt) walks.push(t.startedAt - t.lastCalledAt);
    const duration = t.endedAt - t.startedAt;
    const own = byService[t.serviceId] ?? [];
    if (own.length < PER_SERVICE) own.push(duration);
    byService[t.serviceId] = own;
    if (t.clerkId !== null) {
      const clerk = byClerk[t.clerkId] ?? {};
      const list = clerk[t.serviceId] ?? [];
      if (list.length < PER_CLERK) list.push(duration);
      clerk[t.serviceId] = list;
      byClerk[t.clerkId] = clerk;
    }
  }
  const wraps = wrapUps(tickets);
  const wrap = median(wraps);
  return {
    byService,
    byClerk,
    changeoverMs: median(walks) + wrap,
    noShowShare: called === 0 ? 0 : noShows / called,
    noShowMs: (noShowTimes.length > 0 ? median(noShowTimes) : 90_000) + wrap,
    idleCallMs: median(idle),
  };
}

/** Finish → the same window's next call, where the next call came within a minute (the window was not idle). */
function wrapUps(tickets: readonly PastTicket[]): number[] {
  const byWindow = new Map<string, { calledAt: number; endedAt: number | null }[]>();
  for (const t of tickets) {
    if (t.windowId === null || t.lastCalledAt === null) continue;
    const key = `${t.businessDay}\u0000${t.windowId}`;
    const list = byWindow.get(key) ?? [];
    list.push({ calledAt: t.lastCalledAt, endedAt: t.endedAt });
    byWindow.set(key, list);
  }
  const out: number[] = [];
  for (const list of byWindow.values()) {
    list.sort((a, b) => a.calledAt - b.calledAt);
    for (let i = 1; i < list.length; i += 1) {
      const ended = list[i - 1]!.endedAt;
      if (ended === null) continue;
      const gap = list[i]!.calledAt - ended;
      if (gap >= 0 && gap < WRAP_LIMIT_MS) out.push(gap);
    }
  }
  return out;
}

/**
 * Priority-lane arrivals per hour per service: the lane's tickets over the hours the hall issued tickets (first to
 * last issue of each day).
 */
export function priorityPerHourOf(tickets: readonly PastTicket[]): Record<string, number> {
  const span = new Map<string, { first: number; last: number }>();
  const counts: Record<string, number> = {};
  for (const t of tickets) {
    const s = span.get(t.businessDay);
    span.set(t.businessDay, {
      first: Math.min(s?.first ?? t.issuedAt, t.issuedAt),
      last: Math.max(s?.last ?? t.issuedAt, t.issuedAt),
    });
    if (t.priority) counts[t.serviceId] = (counts[t.serviceId] ?? 0) + 1;
  }
  let hours = 0;
  for (const s of span.values()) hours += (s.last - s.first) / 3_600_000;
  if (!(hours > 0)) return {};
  return Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, n / hours]));
}
