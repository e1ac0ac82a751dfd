/**
 * Test fixtures for the queue core: a small hall, command builders, a local-time clock and helpers that run
 * commands and unwrap results. Internal to the tests (imported relatively, not exported from the package).
 */
import type { QueueCommand } from '../commands.ts';
import type { QueueEvent } from '../events.ts';
import type { Hall, HallRules, HallWindow, Service } from '../hall.ts';
import type { RuleViolationCode } from '../rule-violation.ts';
import type { QueueState } from '../state.ts';
import type { Ticket, VisitorClass } from '../ticket.ts';
import { initialQueueState, type TransitionResult, transition } from '../transition.ts';

export const ALL_DAY = [{ from: '00:00', to: '24:00' }] as const;
export const OFFICE_HOURS = [
  { from: '08:30', to: '12:00' },
  { from: '13:30', to: '17:00' },
] as const;

export function service(overrides: Partial<Service> & Pick<Service, 'id' | 'prefix'>): Service {
  return {
    name: { zh: `业务${overrides.prefix}`, en: `Service ${overrides.prefix}` },
    numberWidth: 3,
    dailyLimit: null,
    perIdLimit: 1,
    openingHours: ALL_DAY,
    waitingArea: { zh: '一楼', en: 'Floor 1' },
    enabled: true,
    defaultServiceMinutes: 10,
    slaWaitMinutes: 30,
    slaServiceMinutes: 20,
    guide: { materials: [], notes: [] },
    ...overrides,
  };
}

export function hallWindow(
  overrides: Partial<HallWindow> & Pick<HallWindow, 'id' | 'number' | 'serviceIds'>,
): HallWindow {
  return {
    name: { zh: `${overrides.number}号窗口`, en: `Window ${overrides.number}` },
    enabled: true,
    zone: '1F',
    ...overrides,
  };
}

export const RULES: HallRules = {
  timeZone: 'Asia/Shanghai',
  callPolicy: 'earliest-first',
  dayChangePolicy: 'expire',
  noShowMinCalls: 2,
  noShowMinWaitSeconds: 60,
  priorityMinAge: 60,
  slaPauseMinutes: 30,
};

/**
 * Three services and four windows with overlapping lists:
 * - `social` (A): office hours 08:30–12:00 and 13:30–17:00, two tickets per ID.
 * - `tax` (B): open all day, at most 5 tickets a day.
 * - `permit` (C): open all day, one ticket per ID.
 * - w1 [social, tax] · w2 [tax, social] · w3 [permit, social] · w4 [permit]
 */
export function hallFixture(
  overrides: {
    rules?: Partial<HallRules>;
    services?: readonly Service[];
    windows?: readonly HallWindow[];
  } = {},
): Hall {
  return {
    name: { zh: '市民服务中心', en: 'Citizen Service Centre' },
    rules: { ...RULES, ...overrides.rules },
    services: overrides.services ?? [
      service({ id: 'social', prefix: 'A', openingHours: OFFICE_HOURS, perIdLimit: 2 }),
      service({ id: 'tax', prefix: 'B', dailyLimit: 5 }),
      service({ id: 'permit', prefix: 'C', perIdLimit: 1 }),
    ],
    windows: overrides.windows ?? [
      hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
      hallWindow({ id: 'w2', number: 2, serviceIds: ['tax', 'social'] }),
      hallWindow({ id: 'w3', number: 3, serviceIds: ['permit', 'social'] }),
      hallWindow({ id: 'w4', number: 4, serviceIds: ['permit'] }),
    ],
  };
}

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8 all year): `local('2026-11-28T09:00')`. */
export const local = (dateTime: string): number =>
  Date.parse(`${dateTime.length === 16 ? `${dateTime}:00` : dateTime}+08:00`);

export const MINUTE = 60_000;
export const SECOND = 1000;

// ---- command builders ----------------------------------------------------------------------------------------

export const cmd = {
  issue: (
    serviceId: string,
    opts: { visitorClass?: VisitorClass; visitorKey?: string | null; kioskId?: string | null } = {},
  ): QueueCommand => ({
    type: 'ticket:issue',
    serviceId,
    visitorClass: opts.visitorClass ?? 'normal',
    visitorKey: opts.visitorKey ?? null,
    kioskId: opts.kioskId ?? 'k1',
  }),
  callNext: (windowId: string, clerkId: string | null = null): QueueCommand => ({
    type: 'window:call-next',
    windowId,
    clerkId,
  }),
  callTicket: (windowId: string, ticketId: string, reason = '老人优先 · elderly visitor'): QueueCommand => ({
    type: 'window:call-ticket',
    windowId,
    ticketId,
    reason,
    clerkId: null,
  }),
  recall: (windowId: string): QueueCommand => ({ type: 'window:recall', windowId }),
  start: (windowId: string): QueueCommand => ({ type: 'window:start', windowId }),
  finish: (windowId: string): QueueCommand => ({ type: 'window:finish', windowId }),
  noShow: (windowId: string): QueueCommand => ({ type: 'window:no-show', windowId }),
  transferFromWindow: (
    windowId: string,
    to: { kind: 'service'; serviceId: string } | { kind: 'window'; windowId: string },
    keepPlace = true,
  ): QueueCommand => ({ type: 'window:transfer', windowId, to, note: '', keepPlace }),
  transferTicket: (
    ticketId: string,
    to: { kind: 'service'; serviceId: string } | { kind: 'window'; windowId: string },
    keepPlace = true,
  ): QueueCommand => ({ type: 'ticket:transfer', ticketId, to, note: '', keepPlace }),
  cancel: (ticketId: string): QueueCommand => ({ type: 'ticket:cancel', ticketId }),
  pause: (windowId: string): QueueCommand => ({
    type: 'window:pause',
    windowId,
    reason: 'break',
    note: null,
  }),
  resume: (windowId: string): QueueCommand => ({ type: 'window:resume', windowId }),
  signIn: (windowId: string, clerkId: string): QueueCommand => ({
    type: 'window:sign-in',
    windowId,
    clerkId,
  }),
  signOut: (windowId: string): QueueCommand => ({ type: 'window:sign-out', windowId }),
  tick: (): QueueCommand => ({ type: 'clock:tick' }),
};

// ---- running commands ----------------------------------------------------------------------------------------

export interface Accepted {
  readonly state: QueueState;
  readonly events: readonly QueueEvent[];
}

/** Runs a command that must be accepted; fails the test with the violation otherwise. */
export function ok(hall: Hall, state: QueueState, command: QueueCommand, now: number): Accepted {
  const result = transition(state, command, { hall, now });
  if (!result.ok) {
    throw new Error(`${command.type} refused: ${result.violation.code} ${result.violation.message}`);
  }
  return { state: result.state, events: result.events };
}

/** Runs a command that must be refused and returns the violation code. */
export function refused(
  hall: Hall,
  state: QueueState,
  command: QueueCommand,
  now: number,
): RuleViolationCode {
  const result: TransitionResult = transition(state, command, { hall, now });
  if (result.ok)
    throw new Error(`${command.type} was accepted: ${result.events.map((e) => e.type).join(', ')}`);
  return result.violation.code;
}

/** A small script runner: keeps the state, the clock and every event. */
export class Desk {
  state: QueueState;
  now: number;
  readonly log: QueueEvent[] = [];

  readonly hall: Hall;

  constructor(hall: Hall, start: number) {
    this.hall = hall;
    this.now = start;
    this.state = initialQueueState(hall, start);
  }

  at(now: number): this {
    this.now = now;
    return this;
  }

  later(ms: number): this {
    this.now += ms;
    return this;
  }

  run(command: QueueCommand): readonly QueueEvent[] {
    const { state, events } = ok(this.hall, this.state, command, this.now);
    this.state = state;
    this.log.push(...events);
    return events;
  }

  refuse(command: QueueCommand): RuleViolationCode {
    return refused(this.hall, this.state, command, this.now);
  }

  /** Issues a ticket and returns it. */
  issue(serviceId: string, opts?: Parameters<typeof cmd.issue>[1]): Ticket {
    const event = this.run(cmd.issue(serviceId, opts)).find((e) => e.type === 'ticket:issued');
    if (event?.type !== 'ticket:issued') throw new Error('no ticket:issued event');
    return event.ticket;
  }

  /** Calls next at a window and returns the called ticket. */
  callNext(windowId: string): Ticket {
    const event = this.run(cmd.callNext(windowId)).find((e) => e.type === 'ticket:called');
    if (event?.type !== 'ticket:called') throw new Error('no ticket:called event');
    return event.ticket;
  }

  ticket(id: string): Ticket | undefined {
    return this.state.tickets.get(id);
  }

  numbers(): string[] {
    return [...this.state.tickets.values()].map((t) => t.number);
  }
}

/** A waiting ticket built directly, for the pure helpers (call order, wait estimate). */
export function ticketOf(overrides: Partial<Ticket> & Pick<Ticket, 'number' | 'serviceId'>): Ticket {
  const issuedAt = overrides.issuedAt ?? local('2026-11-28T09:00');
  return {
    id: `2026-11-28/${overrides.number}`,
    businessDay: '2026-11-28',
    issuedServiceId: overrides.serviceId,
    visitorClass: 'normal',
    status: 'waiting',
    issuedAt,
    queuedAt: issuedAt,
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
    ...overrides,
  };
}
