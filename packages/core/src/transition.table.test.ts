/**
 * Every window/ticket situation × every command: accepted with which events, or refused with which rule.
 * The table is typed `Record<Situation, Record<QueueCommandType, Outcome>>`, so a new command or a new
 * situation does not compile until each of its rows is written.
 */
import { describe, expect, it } from 'vitest';
import type { QueueCommand, QueueCommandType } from './commands.ts';
import type { QueueEventType } from './events.ts';
import type { Hall } from './hall.ts';
import type { RuleViolationCode } from './rule-violation.ts';
import type { QueueState } from './state.ts';
import { cmd, Desk, hallFixture, hallWindow, local, MINUTE } from './testing/hall-fixture.ts';
import { transition } from './transition.ts';

const hall = hallFixture();
const NOW = local('2026-11-28T10:00');
const W = 'w1';
const OTHER = 'w2';

/** The command of each type as the table sends it: to window w1 and/or about the situation's ticket T. */
const commandOf = {
  'ticket:issue': () => cmd.issue('permit'),
  'window:call-next': () => cmd.callNext(W),
  'window:call-ticket': (t) => cmd.callTicket(W, t),
  'window:recall': () => cmd.recall(W),
  'window:start': () => cmd.start(W),
  'window:finish': () => cmd.finish(W),
  'window:no-show': () => cmd.noShow(W),
  'window:transfer': () => cmd.transferFromWindow(W, { kind: 'service', serviceId: 'permit' }),
  'ticket:transfer': (t) => cmd.transferTicket(t, { kind: 'service', serviceId: 'permit' }),
  'ticket:cancel': (t) => cmd.cancel(t),
  'window:pause': () => cmd.pause(W),
  'window:resume': () => cmd.resume(W),
  'window:sign-in': () => cmd.signIn(W, 'clerk-7'),
  'window:sign-out': () => cmd.signOut(W),
  'clock:tick': () => cmd.tick(),
} satisfies Record<QueueCommandType, (ticketId: string) => QueueCommand>;

const COMMAND_TYPES = Object.keys(commandOf) as QueueCommandType[];

/** Builds each situation: the state at NOW and the id of the ticket T the ticket commands are about. */
const situations = {
  'w1 idle · nobody waiting': (d: Desk) => {
    d.later(50 * MINUTE);
    return '2026-11-28/A999';
  },
  'w1 idle · T waiting': (d: Desk) => d.issue('social').id,
  'w1 idle · T called at w2': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(OTHER);
    return t.id;
  },
  'w1 idle · T serving at w2': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(OTHER);
    d.run(cmd.start(OTHER));
    return t.id;
  },
  'w1 holding T called': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(W);
    return t.id;
  },
  'w1 holding T serving': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(W);
    d.run(cmd.start(W));
    return t.id;
  },
  'w1 paused idle · T waiting': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).run(cmd.pause(W));
    return t.id;
  },
  'w1 paused holding T called': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(W);
    d.run(cmd.pause(W));
    return t.id;
  },
  'w1 paused holding T serving': (d: Desk) => {
    const t = d.issue('social');
    d.later(50 * MINUTE).callNext(W);
    d.run(cmd.start(W));
    d.run(cmd.pause(W));
    return t.id;
  },
} satisfies Record<string, (desk: Desk) => string>;

type Situation = keyof typeof situations;
type Outcome = { readonly events: readonly QueueEventType[] } | { readonly refused: RuleViolationCode };

const accepted = (...events: QueueEventType[]): Outcome => ({ events });
const refusedWith = (code: RuleViolationCode): Outcome => ({ refused: code });

const R = refusedWith;
const issued = accepted('ticket:issued');
const paused = accepted('window:paused');
const signedIn = accepted('window:signed-in');
const signedOut = accepted('window:signed-out');
const tick = accepted();

/** Rows that are the same whenever w1 holds nothing. */
const idleWindowRows = {
  'window:recall': R('WINDOW_IDLE'),
  'window:start': R('WINDOW_IDLE'),
  'window:finish': R('WINDOW_IDLE'),
  'window:no-show': R('WINDOW_IDLE'),
  'window:transfer': R('WINDOW_IDLE'),
} as const;

const table: Record<Situation, Record<QueueCommandType, Outcome>> = {
  'w1 idle · nobody waiting': {
    'ticket:issue': issued,
    'window:call-next': R('NO_WAITING_TICKET'),
    'window:call-ticket': R('TICKET_NOT_FOUND'),
    ...idleWindowRows,
    'ticket:transfer': R('TICKET_NOT_FOUND'),
    'ticket:cancel': R('TICKET_NOT_FOUND'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 idle · T waiting': {
    'ticket:issue': issued,
    'window:call-next': accepted('ticket:called'),
    'window:call-ticket': accepted('ticket:called'),
    ...idleWindowRows,
    'ticket:transfer': accepted('ticket:transferred'),
    'ticket:cancel': accepted('ticket:cancelled'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 idle · T called at w2': {
    'ticket:issue': issued,
    'window:call-next': R('NO_WAITING_TICKET'),
    'window:call-ticket': R('TICKET_NOT_WAITING'),
    ...idleWindowRows,
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 idle · T serving at w2': {
    'ticket:issue': issued,
    'window:call-next': R('NO_WAITING_TICKET'),
    'window:call-ticket': R('TICKET_NOT_WAITING'),
    ...idleWindowRows,
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 holding T called': {
    'ticket:issue': issued,
    'window:call-next': R('WINDOW_BUSY'),
    'window:call-ticket': R('WINDOW_BUSY'),
    'window:recall': accepted('ticket:recalled'),
    'window:start': accepted('ticket:started'),
    'window:finish': accepted('ticket:finished'),
    'window:no-show': accepted('ticket:no-show'),
    'window:transfer': accepted('ticket:transferred'),
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 holding T serving': {
    'ticket:issue': issued,
    'window:call-next': R('WINDOW_BUSY'),
    'window:call-ticket': R('WINDOW_BUSY'),
    'window:recall': R('INVALID_TRANSITION'),
    'window:start': R('INVALID_TRANSITION'),
    'window:finish': accepted('ticket:finished'),
    'window:no-show': R('INVALID_TRANSITION'),
    'window:transfer': accepted('ticket:transferred'),
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': paused,
    'window:resume': R('WINDOW_NOT_PAUSED'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 paused idle · T waiting': {
    'ticket:issue': issued,
    'window:call-next': R('WINDOW_PAUSED'),
    'window:call-ticket': R('WINDOW_PAUSED'),
    ...idleWindowRows,
    'ticket:transfer': accepted('ticket:transferred'),
    'ticket:cancel': accepted('ticket:cancelled'),
    'window:pause': R('WINDOW_PAUSED'),
    'window:resume': accepted('window:resumed'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  // A paused window finishes what it holds: pausing stops new calls, not the visitor at the counter.
  'w1 paused holding T called': {
    'ticket:issue': issued,
    'window:call-next': R('WINDOW_PAUSED'),
    'window:call-ticket': R('WINDOW_PAUSED'),
    'window:recall': accepted('ticket:recalled'),
    'window:start': accepted('ticket:started'),
    'window:finish': accepted('ticket:finished'),
    'window:no-show': accepted('ticket:no-show'),
    'window:transfer': accepted('ticket:transferred'),
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': R('WINDOW_PAUSED'),
    'window:resume': accepted('window:resumed'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
  'w1 paused holding T serving': {
    'ticket:issue': issued,
    'window:call-next': R('WINDOW_PAUSED'),
    'window:call-ticket': R('WINDOW_PAUSED'),
    'window:recall': R('INVALID_TRANSITION'),
    'window:start': R('INVALID_TRANSITION'),
    'window:finish': accepted('ticket:finished'),
    'window:no-show': R('INVALID_TRANSITION'),
    'window:transfer': accepted('ticket:transferred'),
    'ticket:transfer': R('TICKET_NOT_WAITING'),
    'ticket:cancel': R('TICKET_NOT_WAITING'),
    'window:pause': R('WINDOW_PAUSED'),
    'window:resume': accepted('window:resumed'),
    'window:sign-in': signedIn,
    'window:sign-out': signedOut,
    'clock:tick': tick,
  },
};

function build(situation: Situation): { state: QueueState; ticketId: string } {
  const desk = new Desk(hall, local('2026-11-28T09:00'));
  const ticketId = situations[situation](desk);
  if (desk.now > NOW) throw new Error('situation built past NOW');
  return { state: desk.state, ticketId };
}

/** Windows point at active tickets held by that window, and each called/serving ticket is held by its window. */
function expectConsistent(state: QueueState): void {
  for (const ws of Object.values(state.windows)) {
    if (ws.currentTicketId === null) continue;
    const ticket = state.tickets.get(ws.currentTicketId);
    expect(ticket?.windowId).toBe(ws.windowId);
    expect(['called', 'serving']).toContain(ticket?.status);
  }
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'waiting') expect(ticket.windowId).toBeNull();
    else expect(state.windows[ticket.windowId ?? '']?.currentTicketId).toBe(ticket.id);
  }
}

const rows = (Object.keys(table) as Situation[]).flatMap((situation) =>
  COMMAND_TYPES.map((type) => ({ situation, type, outcome: table[situation][type] })),
);

describe('transition: situation × command table', () => {
  it('covers every command type and every situation', () => {
    const everyType = [...COMMAND_TYPES].sort();
    for (const situation of Object.keys(situations) as Situation[]) {
      expect(Object.keys(table[situation]).sort()).toEqual(everyType);
    }
    expect(Object.keys(table).sort()).toEqual(Object.keys(situations).sort());
    expect(rows).toHaveLength(Object.keys(situations).length * COMMAND_TYPES.length);
  });

  it.each(rows)('$situation · $type', ({ situation, type, outcome }) => {
    const { state, ticketId } = build(situation);
    const command = commandOf[type](ticketId);
    const result = transition(state, command, { hall, now: NOW });
    if ('refused' in outcome) {
      expect(result).toMatchObject({ ok: false, violation: { code: outcome.refused } });
      expect(result).not.toHaveProperty('state');
      if (!result.ok) expect(result.violation.message).not.toBe('');
    } else {
      expect(result.ok ? result.events.map((e) => e.type) : result.violation).toEqual(outcome.events);
      if (result.ok) expectConsistent(result.state);
    }
  });
});

describe('transition: windows that do not exist or are disabled', () => {
  const withDisabled = hallFixture({
    windows: [
      ...hallFixture().windows,
      hallWindow({ id: 'w9', number: 9, serviceIds: ['social'], enabled: false }),
    ],
  });
  const windowCommands = COMMAND_TYPES.filter((t) => t.startsWith('window:'));
  const state = new Desk(withDisabled, NOW).state;

  it('has window commands to check', () => {
    expect(windowCommands).toHaveLength(11);
  });

  it.each(windowCommands)('%s at an unknown window → WINDOW_NOT_FOUND', (type) => {
    const command = { ...commandOf[type]('x'), windowId: 'nope' } as QueueCommand;
    expect(transition(state, command, { hall: withDisabled, now: NOW })).toMatchObject({
      ok: false,
      violation: { code: 'WINDOW_NOT_FOUND' },
    });
  });

  // A disabled window takes no new work but can still let go of the ticket it holds.
  const releasing = new Set([
    'window:recall',
    'window:start',
    'window:finish',
    'window:no-show',
    'window:transfer',
  ]);

  it.each(windowCommands.filter((t) => !releasing.has(t)))(
    '%s at a disabled window → WINDOW_DISABLED',
    (type) => {
      const command = { ...commandOf[type]('x'), windowId: 'w9' } as QueueCommand;
      expect(transition(state, command, { hall: withDisabled, now: NOW })).toMatchObject({
        ok: false,
        violation: { code: 'WINDOW_DISABLED' },
      });
    },
  );

  it.each([...releasing])('%s at an idle disabled window → WINDOW_IDLE', (type) => {
    const command = { ...commandOf[type as QueueCommand['type']]('x'), windowId: 'w9' } as QueueCommand;
    expect(transition(state, command, { hall: withDisabled, now: NOW })).toMatchObject({
      ok: false,
      violation: { code: 'WINDOW_IDLE' },
    });
  });

  it('a window disabled while it holds a ticket can still finish it', () => {
    const enabled: Hall = {
      ...withDisabled,
      windows: withDisabled.windows.map((w) => ({ ...w, enabled: true })),
    };
    const desk = new Desk(enabled, NOW);
    desk.run({
      type: 'ticket:issue',
      serviceId: 'social',
      visitorClass: 'normal',
      visitorKey: null,
      kioskId: null,
    });
    desk.run({ type: 'window:call-next', windowId: 'w9', clerkId: null });
    const finished = transition(
      desk.state,
      { type: 'window:finish', windowId: 'w9' },
      { hall: withDisabled, now: NOW + 60_000 },
    );
    expect(finished).toMatchObject({ ok: true, events: [{ type: 'ticket:finished' }] });
  });
});
