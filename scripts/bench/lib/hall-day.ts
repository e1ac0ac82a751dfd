/**
 * A simulated day in a government service hall, run on the pure core (`transition`) with a simulated clock:
 * arrivals with peaks 9–11 and 14–16, service times per service (log-normal), ten windows of which some serve
 * several services, a walk to the window after each call, no-shows, the clerk's wrap-up between visitors, one
 * 15-minute break per window each half day, and a lunch closure. Every ticket's estimate at issue is recorded with
 * the wait it really had (issue → first call). Seeded: the same seed gives the same day.
 */
import {
  type EstimatorInputs,
  type Hall,
  initialQueueState,
  type QueueCommand,
  type QueueEvent,
  type QueueState,
  transition,
} from '@hallq/core';
import { seededRandom } from './stats.ts';

const MINUTE = 60_000;

export interface ServiceProfile {
  readonly id: string;
  readonly prefix: string;
  /** Mean service time (start → finish), minutes; log-normal with `sigma`. */
  readonly meanMinutes: number;
  readonly sigma: number;
  /** What the hall configured as its default (used until real durations exist). */
  readonly defaultMinutes: number;
  /** Average arrivals per hour over the opening hours (before the time-of-day profile). */
  readonly perHour: number;
}

export const SERVICES: readonly ServiceProfile[] = [
  { id: 'social', prefix: 'A', meanMinutes: 6, sigma: 0.5, defaultMinutes: 5, perHour: 30 },
  { id: 'estate', prefix: 'B', meanMinutes: 15, sigma: 0.6, defaultMinutes: 15, perHour: 8.5 },
  { id: 'fund', prefix: 'C', meanMinutes: 8, sigma: 0.5, defaultMinutes: 8, perHour: 11 },
  { id: 'household', prefix: 'D', meanMinutes: 10, sigma: 0.5, defaultMinutes: 10, perHour: 4.5 },
  { id: 'tax', prefix: 'E', meanMinutes: 12, sigma: 0.6, defaultMinutes: 12, perHour: 6.5 },
];

/** Windows: three for social insurance, two for real estate, shared ones, and a general window (综合窗口). */
export const WINDOWS: readonly { readonly id: string; readonly serviceIds: readonly string[] }[] = [
  { id: 'w1', serviceIds: ['social'] },
  { id: 'w2', serviceIds: ['social'] },
  { id: 'w3', serviceIds: ['social'] },
  { id: 'w4', serviceIds: ['estate'] },
  { id: 'w5', serviceIds: ['estate'] },
  { id: 'w6', serviceIds: ['fund'] },
  { id: 'w7', serviceIds: ['household', 'fund'] },
  { id: 'w8', serviceIds: ['tax'] },
  { id: 'w9', serviceIds: ['tax', 'estate'] },
  { id: 'w10', serviceIds: ['social', 'fund', 'household'] },
];

export const SESSIONS = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '17:00' },
] as const;

/** Arrival intensity by local hour, relative to the average: the morning and afternoon peaks. */
export function arrivalProfile(hour: number): number {
  if (hour >= 9 && hour < 11) return 1.45;
  if (hour >= 14 && hour < 16) return 1.35;
  if (hour === 11) return 0.8;
  if (hour === 13) return 0.7;
  return 0.6;
}

export const PRIORITY_SHARE = 0.05;
export const NO_SHOW_SHARE = 0.04;
/** Visitor's walk from the seat to the window after the call, ms (uniform). */
export const WALK_MS = [20_000, 90_000] as const;
/** Clerk's wrap-up between finishing one visitor and calling the next, ms (uniform). */
export const WRAP_UP_MS = [5_000, 20_000] as const;
export const BREAK_MS = 15 * MINUTE;

const text = (zh: string, en: string) => ({ zh, en });

export function simulatedHall(): Hall {
  return {
    name: text('模拟政务服务中心', 'Simulated service hall'),
    rules: {
      timeZone: 'Asia/Shanghai',
      callPolicy: 'earliest-first',
      dayChangePolicy: 'expire',
      noShowMinCalls: 2,
      noShowMinWaitSeconds: 120,
      priorityMinAge: 70,
      slaPauseMinutes: 30,
    },
    services: SERVICES.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      name: text(s.id, s.id),
      numberWidth: 3,
      dailyLimit: null,
      perIdLimit: 1,
      openingHours: SESSIONS.map((x) => ({ ...x })),
      waitingArea: text('大厅', 'Hall'),
      enabled: true,
      defaultServiceMinutes: s.defaultMinutes,
      slaWaitMinutes: 60,
      slaServiceMinutes: 30,
      guide: { materials: [], notes: [] },
    })),
    windows: WINDOWS.map((w, i) => ({
      id: w.id,
      number: i + 1,
      name: text(`${i + 1}号窗口`, `Window ${i + 1}`),
      serviceIds: w.serviceIds,
      enabled: true,
      zone: '1F',
    })),
  };
}

export interface TicketRecord {
  readonly ticketId: string;
  readonly serviceId: string;
  readonly priority: boolean;
  readonly issuedAt: number;
  readonly peopleAhead: number;
  /** The core's estimate, printed on the ticket, and its 20th–80th percentile range when it gives one. */
  readonly estimateMs: number;
  readonly rangeMs: { readonly lowMs: number; readonly highMs: number } | null;
  /** Other estimators' answers for the same state, by name (see `alternatives`). */
  readonly alternatives: Readonly<Record<string, number>>;
  /** The 20th–80th percentile range of those that give one, by name. */
  readonly ranges: Readonly<Record<string, { readonly lowMs: number; readonly highMs: number }>>;
  calledAt: number | null;
}

/** An estimator to compare on the very same states: (state before the issue, the issued event) → ms, or a range. */
export type AlternativeEstimator = (
  hall: Hall,
  before: QueueState,
  issued: Extract<QueueEvent, { type: 'ticket:issued' }>,
) => number | { readonly pointMs: number; readonly lowMs: number; readonly highMs: number };

/** A visitor of a day given in advance (the second arrival shape is generated once and replayed). */
export interface PlannedArrival {
  /** Minutes after local midnight. */
  readonly minute: number;
  readonly serviceId: string;
  readonly priority: boolean;
}

/** What the hub would have learnt from a day: the estimator's history. */
export interface ObservedDay {
  /** Service durations (start → finish) per service, ms. */
  readonly serviceMs: Record<string, number[]>;
  /** Call → start (the walk), ms. */
  readonly walkMs: number[];
  /** Finish → the same window's next call while visitors waited (wrap-up), ms. */
  readonly wrapMs: number[];
  calls: number;
  noShows: number;
  /** Issue → call of tickets a free window called within a minute (the clerk's reaction). */
  readonly idleCallMs: number[];
  /** Priority-lane arrivals per service, and the opening hours they came in. */
  readonly priorityArrivals: Record<string, number>;
  readonly openHours: number;
}

/** The hall's plan for the simulated days: the sessions, and each window's two breaks as the clerks take them. */
export function simulatedSchedule(): {
  windows: {
    windowId: string;
    open: { from: string; to: string }[];
    breaks: { from: string; to: string }[];
  }[];
} {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    windows: WINDOWS.map((w, i) => ({
      windowId: w.id,
      open: SESSIONS.map((x) => ({ ...x })),
      breaks: [10 * 60 + i * 9, 15 * 60 + i * 9].map((m) => ({
        from: hhmm(m),
        to: hhmm(m + BREAK_MS / MINUTE),
      })),
    })),
  };
}

/** Local midnight of the simulated day (epoch ms). */
export const SIMULATED_DAY_START = Date.UTC(2026, 10, 29, 16, 0, 0);

interface Visit {
  readonly serviceMs: number;
  readonly walkMs: number;
  readonly noShow: boolean;
}

type SimEvent =
  | { readonly at: number; readonly kind: 'arrival'; readonly serviceId: string; readonly priority: boolean }
  | { readonly at: number; readonly kind: 'try-call'; readonly windowId: string }
  | {
      readonly at: number;
      readonly kind: 'start' | 'finish' | 'recall' | 'no-show';
      readonly windowId: string;
    }
  | { readonly at: number; readonly kind: 'resume'; readonly windowId: string };

/** 2026-11-30 (a Monday) 00:00 in Asia/Shanghai, as epoch ms. */
const DAY = SIMULATED_DAY_START;
const at = (hhmm: string) => DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MINUTE;

export interface DayOptions {
  readonly alternatives?: Readonly<Record<string, AlternativeEstimator>>;
  /** The day's visitors, given; absent, drawn from the seed with the two-peak profile. */
  readonly arrivals?: readonly PlannedArrival[];
  /** The estimator's inputs at an instant (schedule, history); absent, the core's single-figure estimate. */
  readonly estimator?: (now: number) => EstimatorInputs;
}

export function simulateDay(
  seed: number,
  options: DayOptions = {},
): { records: TicketRecord[]; observed: ObservedDay } {
  const alternatives = options.alternatives ?? {};
  const random = seededRandom(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hall = simulatedHall();
  let state: QueueState = initialQueueState(hall, at('08:30'));
  const queue: SimEvent[] = [];
  const push = (event: SimEvent) => {
    // Sorted insert (stable: equal times keep their order); a day has a few thousand events.
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid]!.at <= event.at) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, event);
  };
  const run = (command: QueueCommand, now: number) => {
    const estimator = options.estimator?.(now);
    const result = transition(state, command, estimator ? { hall, now, estimator } : { hall, now });
    if (result.ok) state = result.state;
    return result;
  };

  // Arrivals: a Poisson process per service, thinned by the hourly profile, inside the opening hours.
  for (const a of options.arrivals ?? []) {
    push({ at: DAY + a.minute * MINUTE, kind: 'arrival', serviceId: a.serviceId, priority: a.priority });
  }
  for (const service of options.arrivals ? [] : SERVICES) {
    for (const session of SESSIONS) {
      const end = at(session.to);
      const peak = 1.45;
      let t = at(session.from);
      for (;;) {
        t += (-Math.log(1 - random()) / ((service.perHour * peak) / 60)) * MINUTE;
        if (t >= end) break;
        const hour = new Date(t + 8 * 3_600_000).getUTCHours();
        if (random() < arrivalProfile(hour) / peak) {
          push({ at: t, kind: 'arrival', serviceId: service.id, priority: random() < PRIORITY_SHARE });
        }
      }
    }
  }
  const windows = new Map(
    WINDOWS.map((w, i) => [
      w.id,
      {
        busy: false,
        paused: false,
        // One break each half day, staggered over the windows.
        breaks: [at('10:00') + i * 9 * MINUTE, at('15:00') + i * 9 * MINUTE],
      },
    ]),
  );
  const observed: ObservedDay = {
    serviceMs: {},
    walkMs: [],
    wrapMs: [],
    idleCallMs: [],
    calls: 0,
    noShows: 0,
    priorityArrivals: {},
    openHours: SESSIONS.reduce((h, x) => h + (at(x.to) - at(x.from)) / 3_600_000, 0),
  };
  const lastEnd = new Map<string, number>();
  const visits = new Map<string, Visit>();
  const records = new Map<string, TicketRecord>();
  const lunchEnd = at(SESSIONS[1].from);
  const morningEnd = at(SESSIONS[0].to);

  const answers = (before: QueueState, issued: Extract<QueueEvent, { type: 'ticket:issued' }>) => {
    const points: Record<string, number> = {};
    const ranges: Record<string, { lowMs: number; highMs: number }> = {};
    for (const [name, f] of Object.entries(alternatives)) {
      const answer = f(hall, before, issued);
      if (typeof answer === 'number') points[name] = answer;
      else {
        points[name] = answer.pointMs;
        ranges[name] = { lowMs: answer.lowMs, highMs: answer.highMs };
      }
    }
    return { alternatives: points, ranges };
  };
  const tryCall = (windowId: string, now: number) => {
    const w = windows.get(windowId)!;
    if (w.busy || w.paused) return;
    const due = w.breaks[0];
    if (due !== undefined && now >= due) {
      w.breaks.shift();
      run({ type: 'window:pause', windowId, reason: 'break', note: null }, now);
      w.paused = true;
      push({ at: now + BREAK_MS, kind: 'resume', windowId });
      return;
    }
    const result = run({ type: 'window:call-next', windowId, clerkId: null }, now);
    if (!result.ok) {
      // Nobody waiting: at lunch time the window closes until the afternoon session.
      if (now >= morningEnd && now < lunchEnd) {
        run({ type: 'window:pause', windowId, reason: 'break', note: 'lunch' }, now);
        w.paused = true;
        push({ at: lunchEnd, kind: 'resume', windowId });
      }
      return;
    }
    w.busy = true;
    observed.calls += 1;
    const ended = lastEnd.get(windowId);
    if (ended !== undefined && now - ended < 60_000) observed.wrapMs.push(now - ended);
    lastEnd.delete(windowId);
    const called = result.events.find((e) => e.type === 'ticket:called');
    if (called?.type !== 'ticket:called') throw new Error('call-next without a ticket:called event');
    const record = records.get(called.ticket.id);
    if (record && record.calledAt === null) {
      record.calledAt = now;
      if (now - record.issuedAt < 60_000) observed.idleCallMs.push(now - record.issuedAt);
    }
    const visit = visits.get(called.ticket.id)!;
    if (visit.noShow) {
      push({ at: now + 60_000, kind: 'recall', windowId });
      push({ at: now + 90_000, kind: 'no-show', windowId });
    } else push({ at: now + visit.walkMs, kind: 'start', windowId });
  };

  while (queue.length > 0) {
    const event = queue.shift()!;
    const now = event.at;
    switch (event.kind) {
      case 'arrival': {
        const before = state;
        const result = run(
          {
            type: 'ticket:issue',
            serviceId: event.serviceId,
            visitorClass: event.priority ? 'priority' : 'normal',
            visitorKey: null,
            kioskId: null,
          },
          now,
        );
        if (!result.ok) throw new Error(`issue refused: ${result.violation.message}`);
        const issued = result.events[0];
        if (issued?.type !== 'ticket:issued') throw new Error('no ticket:issued event');
        if (event.priority)
          observed.priorityArrivals[event.serviceId] = (observed.priorityArrivals[event.serviceId] ?? 0) + 1;
        const profile = SERVICES.find((s) => s.id === event.serviceId)!;
        const mu = Math.log(profile.meanMinutes * MINUTE) - profile.sigma ** 2 / 2;
        visits.set(issued.ticket.id, {
          serviceMs: Math.exp(mu + profile.sigma * normal()),
          walkMs: uniform(WALK_MS[0], WALK_MS[1]),
          noShow: random() < NO_SHOW_SHARE,
        });
        records.set(issued.ticket.id, {
          ticketId: issued.ticket.id,
          serviceId: event.serviceId,
          priority: event.priority,
          issuedAt: now,
          peopleAhead: issued.peopleAhead,
          estimateMs: issued.estimatedWaitMs,
          rangeMs: issued.estimatedWaitRange ?? null,
          ...answers(before, issued),
          calledAt: null,
        });
        // Idle windows serving this line notice the new ticket after a few seconds.
        for (const w of WINDOWS) {
          if (w.serviceIds.includes(event.serviceId))
            push({ at: now + 3_000, kind: 'try-call', windowId: w.id });
        }
        break;
      }
      case 'try-call':
        tryCall(event.windowId, now);
        break;
      case 'start': {
        const ws = state.windows[event.windowId]!;
        const ticketId = ws.currentTicketId!;
        const calledTicket = state.tickets.get(ticketId);
        if (calledTicket?.lastCalledAt != null) observed.walkMs.push(now - calledTicket.lastCalledAt);
        const serviceId = calledTicket?.serviceId ?? '';
        observed.serviceMs[serviceId] = [
          ...(observed.serviceMs[serviceId] ?? []),
          visits.get(ticketId)!.serviceMs,
        ];
        run({ type: 'window:start', windowId: event.windowId }, now);
        push({ at: now + visits.get(ticketId)!.serviceMs, kind: 'finish', windowId: event.windowId });
        break;
      }
      case 'recall':
        run({ type: 'window:recall', windowId: event.windowId }, now);
        break;
      case 'finish':
      case 'no-show': {
        const result = run(
          { type: event.kind === 'finish' ? 'window:finish' : 'window:no-show', windowId: event.windowId },
          now,
        );
        if (!result.ok) throw new Error(`${event.kind} refused: ${result.violation.message}`);
        if (event.kind === 'no-show') observed.noShows += 1;
        lastEnd.set(event.windowId, now);
        windows.get(event.windowId)!.busy = false;
        push({ at: now + uniform(WRAP_UP_MS[0], WRAP_UP_MS[1]), kind: 'try-call', windowId: event.windowId });
        break;
      }
      case 'resume':
        run({ type: 'window:resume', windowId: event.windowId }, now);
        windows.get(event.windowId)!.paused = false;
        tryCall(event.windowId, now);
        break;
    }
  }
  return { records: [...records.values()], observed };
}
