/**
 * Property tests: random halls, random command sequences and a clock that only moves forwards (and crosses
 * business days in many runs). After every step the queue invariants must hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDayOf } from './business-day.ts';
import { windowCanServe } from './call-order.ts';
import type { QueueCommand, TransferTarget } from './commands.ts';
import type { QueueEvent } from './events.ts';
import type { Hall, HallWindow, Service } from './hall.ts';
import type { QueueState, WindowState } from './state.ts';
import {
  ALL_DAY,
  hallFixture,
  hallWindow,
  local,
  MINUTE,
  OFFICE_HOURS,
  service,
} from './testing/hall-fixture.ts';
import type { Ticket } from './ticket.ts';
import { initialQueueState, transition } from './transition.ts';

// ---- deep freeze: any mutation of an input throws (ES modules are strict) ------------------------------------

function refuseMutation(): never {
  throw new TypeError('the core mutated a frozen Map');
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const [key, item] of value) {
      deepFreeze(key);
      deepFreeze(item);
    }
    Object.defineProperties(value, {
      set: { value: refuseMutation },
      delete: { value: refuseMutation },
      clear: { value: refuseMutation },
    });
  } else {
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return Object.freeze(value);
}

// ---- random halls --------------------------------------------------------------------------------------------

const PREFIXES = ['A', 'B', 'C'] as const;

const serviceArb = (index: number): fc.Arbitrary<Service> =>
  fc
    .record({
      numberWidth: fc.constantFrom(1, 2, 3),
      dailyLimit: fc.option(fc.integer({ min: 0, max: 15 }), { nil: null, freq: 2 }),
      perIdLimit: fc.integer({ min: 1, max: 2 }),
      officeHours: fc.boolean(),
      enabled: fc.oneof(
        { arbitrary: fc.constant(true), weight: 9 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
    })
    .map(({ officeHours, ...rest }) =>
      service({
        id: `s${index}`,
        prefix: PREFIXES[index] ?? 'Z',
        openingHours: officeHours ? OFFICE_HOURS : ALL_DAY,
        ...rest,
      }),
    );

const hallArb: fc.Arbitrary<Hall> = fc
  .integer({ min: 1, max: 3 })
  .chain((serviceCount) =>
    fc.record({
      services: fc.tuple(...Array.from({ length: serviceCount }, (_, i) => serviceArb(i))),
      windows: fc.array(
        fc.record({
          serviceIds: fc.subarray(
            Array.from({ length: serviceCount }, (_, i) => `s${i}`),
            { minLength: 1 },
          ),
          enabled: fc.oneof(
            { arbitrary: fc.constant(true), weight: 9 },
            { arbitrary: fc.constant(false), weight: 1 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      callPolicy: fc.constantFrom('earliest-first', 'service-order'),
      dayChangePolicy: fc.constantFrom('expire', 'keep'),
      noShowMinCalls: fc.integer({ min: 1, max: 3 }),
      noShowMinWaitSeconds: fc.integer({ min: 0, max: 180 }),
      timeZone: fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi'),
    }),
  )
  .map(({ services, windows, callPolicy, dayChangePolicy, noShowMinCalls, noShowMinWaitSeconds, timeZone }) =>
    hallFixture({
      services,
      windows: windows.map(
        (w, i): HallWindow =>
          hallWindow({ id: `w${i + 1}`, number: i + 1, serviceIds: w.serviceIds, enabled: w.enabled }),
      ),
      rules: { callPolicy, dayChangePolicy, noShowMinCalls, noShowMinWaitSeconds, timeZone },
    }),
  );

// ---- random commands: indices resolved against the hall and the tickets seen so far -------------------------

type Pick3 = {
  readonly service: number;
  readonly window: number;
  readonly ticket: number;
  readonly active: boolean;
};

type Step =
  | { readonly kind: QueueCommand['type']; readonly pick: Pick3; readonly extra: Extra }
  | { readonly kind: 'noop'; readonly pick: Pick3; readonly extra: Extra };

interface Extra {
  readonly priority: boolean;
  readonly visitorKey: string | null;
  readonly toWindow: boolean;
  readonly keepPlace: boolean;
  readonly reason: string;
  readonly clerkId: string | null;
}

const weighted = <T>(pairs: ReadonlyArray<readonly [T, number]>) =>
  fc.oneof(...pairs.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

const stepArb: fc.Arbitrary<{ readonly dt: number; readonly step: Step }> = fc.record({
  dt: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 5 * MINUTE }), weight: 12 },
    { arbitrary: fc.integer({ min: 0, max: 14 * 60 * MINUTE }), weight: 1 },
  ),
  step: fc.record({
    kind: weighted<QueueCommand['type']>([
      ['ticket:issue', 6],
      ['window:call-next', 5],
      ['window:call-ticket', 1],
      ['window:recall', 2],
      ['window:start', 2],
      ['window:finish', 3],
      ['window:no-show', 2],
      ['window:transfer', 1],
      ['ticket:transfer', 1],
      ['ticket:cancel', 1],
      ['window:pause', 1],
      ['window:resume', 1],
      ['window:sign-in', 1],
      ['window:sign-out', 1],
      ['clock:tick', 1],
    ]),
    pick: fc.record({
      // -1 names a service or window the hall does not have
      service: fc.oneof(
        { arbitrary: fc.nat({ max: 5 }), weight: 20 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
      window: fc.oneof(
        { arbitrary: fc.nat({ max: 5 }), weight: 20 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
      ticket: fc.nat({ max: 40 }),
      active: fc.oneof(
        { arbitrary: fc.constant(true), weight: 4 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
    }),
    extra: fc.record({
      priority: fc.oneof(
        { arbitrary: fc.constant(false), weight: 4 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
      visitorKey: fc.constantFrom(null, null, 'id-1', 'id-2'),
      toWindow: fc.boolean(),
      keepPlace: fc.boolean(),
      reason: fc.constantFrom('', '老人 · elderly'),
      clerkId: fc.constantFrom(null, 'clerk-1'),
    }),
  }),
});

function toCommand(step: Step, hall: Hall, state: QueueState, issuedIds: readonly string[]): QueueCommand {
  const { pick, extra } = step;
  const serviceId =
    (pick.service < 0 ? null : hall.services[pick.service % hall.services.length]?.id) ?? 'no-such-service';
  // With `active`, window commands go to a window that holds a ticket and ticket commands to a waiting ticket
  // when there is one, so that most steps do something; otherwise any window, any ticket ever issued.
  const holding = Object.values(state.windows).filter((ws) => ws.currentTicketId !== null);
  const windowId =
    (pick.active && holding.length > 0 && step.kind !== 'window:call-next'
      ? holding[pick.window % holding.length]?.windowId
      : pick.window < 0
        ? null
        : hall.windows[pick.window % hall.windows.length]?.id) ?? 'no-such-window';
  const waiting = [...state.tickets.values()].filter((t) => t.status === 'waiting').map((t) => t.id);
  const pool = pick.active ? (waiting.length > 0 ? waiting : [...state.tickets.keys()]) : issuedIds;
  const ticketId =
    pool.length === 0 ? 'no-such-ticket' : (pool[pick.ticket % pool.length] ?? 'no-such-ticket');
  const otherWindow = hall.windows[(pick.window + 1) % (hall.windows.length + 1)]?.id ?? windowId;
  const to: TransferTarget = extra.toWindow
    ? { kind: 'window', windowId: otherWindow }
    : { kind: 'service', serviceId };
  switch (step.kind) {
    case 'ticket:issue':
      return {
        type: 'ticket:issue',
        serviceId,
        visitorClass: extra.priority ? 'priority' : 'normal',
        visitorKey: extra.visitorKey,
        kioskId: 'k1',
      };
    case 'window:call-next':
      return { type: 'window:call-next', windowId, clerkId: extra.clerkId };
    case 'window:call-ticket':
      return { type: 'window:call-ticket', windowId, ticketId, reason: extra.reason, clerkId: extra.clerkId };
    case 'window:recall':
    case 'window:start':
    case 'window:finish':
    case 'window:no-show':
    case 'window:resume':
    case 'window:sign-out':
      return { type: step.kind, windowId };
    case 'window:transfer':
      return { type: 'window:transfer', windowId, to, note: '', keepPlace: extra.keepPlace };
    case 'ticket:transfer':
      return { type: 'ticket:transfer', ticketId, to, note: '', keepPlace: extra.keepPlace };
    case 'ticket:cancel':
      return { type: 'ticket:cancel', ticketId };
    case 'window:pause':
      return { type: 'window:pause', windowId, reason: 'break', note: null };
    case 'window:sign-in':
      return { type: 'window:sign-in', windowId, clerkId: extra.clerkId ?? 'clerk-2' };
    case 'clock:tick':
    case 'noop':
      return { type: 'clock:tick' };
  }
}

// ---- the invariants ------------------------------------------------------------------------------------------

/** A plain assertion: `expect` is too slow for the hundreds of thousands of checks in the hot path. */
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`invariant broken: ${message}`);
}

/** Same object, or failing that, same content. */
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

const ENDING = new Set<QueueEvent['type']>([
  'ticket:finished',
  'ticket:no-show',
  'ticket:cancelled',
  'ticket:expired',
]);

function ticketOfEvent(event: QueueEvent): Ticket | null {
  return 'ticket' in event ? event.ticket : null;
}

function windowsOfEvent(event: QueueEvent): WindowState[] {
  if ('window' in event) return event.window ? [event.window] : [];
  if (event.type === 'ticket:transferred' && event.fromWindow !== null) return [event.fromWindow];
  return [];
}

/** Holding is one-to-one: a window holds at most one called/serving ticket, held by that window only. */
function checkHolding(state: QueueState): void {
  const held = new Set<string>();
  for (const ws of Object.values(state.windows)) {
    if (ws.currentTicketId === null) continue;
    check(!held.has(ws.currentTicketId), `${ws.currentTicketId} held by two windows`);
    held.add(ws.currentTicketId);
    const ticket = state.tickets.get(ws.currentTicketId);
    check(ticket !== undefined, `${ws.windowId} holds ${ws.currentTicketId}, which is not in the state`);
    check(
      ticket.status === 'called' || ticket.status === 'serving',
      `${ws.windowId} holds a ${ticket.status} ticket`,
    );
    check(ticket.windowId === ws.windowId, `${ticket.id} held by ${ws.windowId} but says ${ticket.windowId}`);
  }
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'waiting') check(ticket.windowId === null, `waiting ${ticket.id} has a window`);
    else {
      check(
        ticket.status === 'called' || ticket.status === 'serving',
        `${ticket.id} is ${ticket.status} in state`,
      );
      check(held.has(ticket.id), `${ticket.id} is ${ticket.status} but no window holds it`);
    }
  }
}

/** FIFO within a class: call-next never passes over an earlier ticket of the same class and service line. */
function checkFifo(hall: Hall, state: QueueState, event: QueueEvent): void {
  if (event.type !== 'ticket:called' || event.outOfOrderReason !== null) return;
  const called = event.ticket;
  const window = hall.windows.find((w) => w.id === event.window.windowId);
  if (!window) throw new Error('called at an unknown window');
  for (const other of state.tickets.values()) {
    if (other.status !== 'waiting' || !windowCanServe(window, other)) continue;
    if (called.visitorClass === 'normal') {
      check(other.visitorClass === 'normal', `${called.id} called while priority ${other.id} waits`);
    }
    if (
      called.transferCount === 0 &&
      other.transferCount === 0 &&
      other.serviceId === called.serviceId &&
      other.visitorClass === called.visitorClass
    ) {
      check(other.queuedAt >= called.queuedAt, `${called.id} called before earlier ${other.id}`);
    }
  }
}

interface Model {
  /** ticket id → 'active' or the event that ended it. */
  readonly lifecycle: Map<string, 'active' | QueueEvent['type']>;
  /** `${businessDay}|${serviceId}|${number}` of every ticket:issued. */
  readonly issuedNumbers: Set<string>;
  readonly issuedIds: string[];
}

function checkAccepted(
  hall: Hall,
  now: number,
  before: QueueState,
  after: QueueState,
  events: readonly QueueEvent[],
  model: Model,
): void {
  check(
    after.businessDay === businessDayOf(now, hall.rules.timeZone),
    'state is not on the business day of now',
  );
  for (const event of events) {
    if (event.type === 'ticket:issued') {
      const { ticket } = event;
      const key = `${ticket.businessDay}|${ticket.issuedServiceId}|${ticket.number}`;
      check(!model.issuedNumbers.has(key), `${key} issued twice`);
      model.issuedNumbers.add(key);
      check(ticket.businessDay === after.businessDay, `${ticket.id} issued for another day`);
      const svc = hall.services.find((s) => s.id === ticket.serviceId);
      check(
        svc !== undefined &&
          ticket.number.length === svc.prefix.length + svc.numberWidth &&
          ticket.number.startsWith(svc.prefix),
        `${ticket.number} does not fit its service`,
      );
      check(!model.lifecycle.has(ticket.id), `${ticket.id} reused`);
      model.lifecycle.set(ticket.id, 'active');
      model.issuedIds.push(ticket.id);
    } else if (ENDING.has(event.type)) {
      const ticket = ticketOfEvent(event);
      if (!ticket) throw new Error('ending event without a ticket');
      check(model.lifecycle.get(ticket.id) === 'active', `${ticket.id} ended twice or never issued`);
      model.lifecycle.set(ticket.id, event.type);
    }
    checkFifo(hall, after, event);
  }

  // What the events carry is what the state holds: the hub persists exactly that.
  const lastTicket = new Map<string, Ticket>();
  const lastWindow = new Map<string, WindowState>();
  for (const event of events) {
    const ticket = ticketOfEvent(event);
    if (ticket) lastTicket.set(ticket.id, ticket);
    for (const ws of windowsOfEvent(event)) lastWindow.set(ws.windowId, ws);
  }
  for (const [id, ticket] of lastTicket) {
    if (model.lifecycle.get(id) === 'active')
      check(same(after.tickets.get(id), ticket), `${id} differs from its event`);
    else check(!after.tickets.has(id), `ended ${id} still in the state`);
  }
  for (const [id, ws] of lastWindow)
    check(same(after.windows[id], ws), `window ${id} differs from its event`);
  for (const [id, ticket] of after.tickets) {
    if (!same(before.tickets.get(id), ticket)) check(lastTicket.has(id), `${id} changed silently`);
  }
  for (const [id, ws] of Object.entries(after.windows)) {
    // Known gap (reported): the window freed when its called ticket expires is carried by no event.
    if (!same(before.windows[id], ws)) {
      check(lastWindow.has(id), `window ${id} changed silently`);
    }
  }
}

function checkNothingLost(state: QueueState, model: Model): void {
  let active = 0;
  for (const [id, status] of model.lifecycle) {
    if (status !== 'active') continue;
    active += 1;
    check(state.tickets.has(id), `${id} vanished without an ending event`);
  }
  check(state.tickets.size === active, 'the state holds a ticket that was never issued or already ended');
}

// ---- the runs ------------------------------------------------------------------------------------------------

const START = local('2026-11-28T07:50');

let runsCrossingADay = 0;
let acceptedSteps = 0;
let refusedSteps = 0;

function runScenario(hall: Hall, steps: ReadonlyArray<{ readonly dt: number; readonly step: Step }>): void {
  deepFreeze(hall);
  let now = START;
  let state = deepFreeze(initialQueueState(hall, now));
  const model: Model = { lifecycle: new Map(), issuedNumbers: new Set(), issuedIds: [] };
  let crossed = false;
  for (const { dt, step } of steps) {
    now += dt;
    const command = deepFreeze(toCommand(step, hall, state, model.issuedIds));
    const result = transition(state, command, { hall, now });
    if (!result.ok) {
      refusedSteps += 1;
      check(!('state' in result) && !('events' in result), 'a refusal carries a state or events');
      check(result.violation.message.length > 0, 'a refusal without a message');
      continue;
    }
    acceptedSteps += 1;
    if (result.events.some((e) => e.type === 'day:changed')) crossed = true;
    checkAccepted(hall, now, state, result.state, result.events, model);
    state = deepFreeze(result.state);
    checkHolding(state);
    checkNothingLost(state, model);
  }
  if (crossed) runsCrossingADay += 1;
}

describe('transition properties over random command sequences', () => {
  it('keeps the queue invariants after every step', () => {
    fc.assert(
      fc.property(
        hallArb,
        fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }),
        (hall, steps) => {
          runScenario(hall, steps);
        },
      ),
      { numRuns: 300 },
    );
    // the clock crossed midnight in a good share of runs, and both outcomes were exercised
    expect(runsCrossingADay).toBeGreaterThan(40);
    expect(acceptedSteps).toBeGreaterThan(1000);
    expect(refusedSteps).toBeGreaterThan(1000);
  }, 60_000);

  it('keeps them in the fixture hall under heavy load on one busy day', () => {
    const busy = fc.record({
      dt: fc.integer({ min: 0, max: 20_000 }),
      step: stepArb.map(({ step }) => step),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<Hall>(
          hallFixture(),
          hallFixture({ rules: { callPolicy: 'service-order' } }),
          hallFixture({ rules: { dayChangePolicy: 'keep', noShowMinCalls: 1 } }),
        ),
        fc.array(busy, { minLength: 50, maxLength: 250, size: 'max' }),
        (hall, steps) => runScenario(hall, steps),
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('the property harness itself', () => {
  it('deepFreeze makes Map mutation and property assignment throw', () => {
    const frozen = deepFreeze({ map: new Map([['a', { n: 1 }]]), list: [1] });
    expect(() => frozen.map.set('b', { n: 2 })).toThrow(TypeError);
    expect(() => frozen.map.delete('a')).toThrow(TypeError);
    expect(() => {
      (frozen.map.get('a') as { n: number }).n = 2;
    }).toThrow(TypeError);
    expect(() => {
      (frozen.list as number[]).push(2);
    }).toThrow(TypeError);
  });

  it('the FIFO check catches a call that passes over an earlier ticket', () => {
    const hall = hallFixture();
    const state = initialQueueState(hall, START);
    const early = { id: 'x/B001', serviceId: 'tax', queuedAt: 1 };
    const late = { id: 'x/B002', serviceId: 'tax', queuedAt: 2 };
    const base = {
      number: '',
      businessDay: 'x',
      issuedServiceId: 'tax',
      visitorClass: 'normal' as const,
      issuedAt: 0,
      targetWindowId: null,
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
    const waiting: Ticket = { ...base, ...early, status: 'waiting', windowId: null };
    const called: Ticket = { ...base, ...late, status: 'called', windowId: 'w1' };
    const after: QueueState = { ...state, tickets: new Map([[waiting.id, waiting]]) };
    const event: QueueEvent = {
      type: 'ticket:called',
      ticket: called,
      window: { ...state.windows.w1!, currentTicketId: called.id },
      outOfOrderReason: null,
    };
    expect(() => checkFifo(hall, after, event)).toThrow(/called before earlier/);
  });
});
