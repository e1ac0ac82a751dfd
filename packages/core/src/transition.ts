import { appointmentQueueTime } from './appointment-order.ts';
import { businessDayOf, localDateTime, minuteOfDay } from './business-day.ts';
import { nextWaitingFor, windowCanServe } from './call-order.ts';
import type { QueueCommand, TransferTarget } from './commands.ts';
import { estimateIssued } from './estimator/issue-estimate.ts';
import type { EstimatorInputs } from './estimator/wait-outlook.ts';
import type { QueueEvent } from './events.ts';
import type { Hall, HallWindow, Service } from './hall.ts';
import { type RuleViolation, violation } from './rule-violation.ts';
import type { QueueState, WindowState } from './state.ts';
import type { Ticket } from './ticket.ts';
import { formatTicketNumber, maxSequence, ticketIdOf } from './ticket-number.ts';
import { heldBy, TicketStore, waitingIndexOf } from './ticket-store.ts';
import {
  estimateWaitMs,
  forecastAfterIssue,
  forecastOf,
  peopleAheadInService,
  RECENT_SERVICE_SAMPLES,
} from './wait-estimate.ts';

export interface TransitionContext {
  readonly hall: Hall;
  /** Epoch milliseconds. The core never reads a clock. */
  readonly now: number;
  /**
   * What the estimator knows beyond the queue (schedule, service times, visitors still to come). With it, an
   * issued ticket's estimate is the simulated one with its 20th–80th percentile range; without it, the single
   * figure of wait-estimate.ts.
   */
  readonly estimator?: EstimatorInputs;
}

export type TransitionResult =
  | { readonly ok: true; readonly state: QueueState; readonly events: readonly QueueEvent[] }
  | { readonly ok: false; readonly violation: RuleViolation };

type Decision = TransitionResult;

export function idleWindowState(windowId: string, now: number): WindowState {
  return {
    windowId,
    status: 'open',
    pauseReason: null,
    pauseNote: null,
    pausedAt: null,
    currentTicketId: null,
    clerkId: null,
    since: now,
  };
}

/** The state of an empty hall at `now`: nobody waiting, every window open and idle. */
export function initialQueueState(hall: Hall, now: number): QueueState {
  const windows: Record<string, WindowState> = {};
  for (const w of hall.windows) windows[w.id] = idleWindowState(w.id, now);
  return {
    businessDay: businessDayOf(now, hall.rules.timeZone),
    lastSequence: {},
    tickets: TicketStore.EMPTY,
    windows,
    recentServiceMs: {},
  };
}

const refuse = (code: RuleViolation['code'], message: string): Decision => ({
  ok: false,
  violation: violation(code, message),
});

const accept = (state: QueueState, events: readonly QueueEvent[]): Decision => ({ ok: true, state, events });

function assertNever(value: never): never {
  throw new Error(`unhandled command: ${JSON.stringify(value)}`);
}

// ---- immutable updates -------------------------------------------------------------------------------------

const ENDED = new Set<Ticket['status']>(['done', 'no-show', 'cancelled', 'expired']);

/**
 * Puts a ticket into the state, or takes it out when it has ended (the database keeps ended tickets). The store
 * is persistent: the change costs O(log n), and the state before it stays as it was.
 */
function withTicket(state: QueueState, ticket: Ticket): QueueState {
  const store = TicketStore.of(state.tickets);
  const tickets = ENDED.has(ticket.status) ? store.without(ticket.id) : store.with(ticket);
  return { ...state, tickets };
}

function withWindow(state: QueueState, window: WindowState): QueueState {
  return { ...state, windows: { ...state.windows, [window.windowId]: window } };
}

function windowStateOf(state: QueueState, windowId: string, now: number): WindowState {
  return state.windows[windowId] ?? idleWindowState(windowId, now);
}

// ---- day change ----------------------------------------------------------------------------------------------

/**
 * Moves the state into the business day of `now` when the day has changed: numbering restarts, and per the
 * hall's day-change policy, tickets still waiting or called from yesterday expire. A ticket being served stays
 * with its window until finished. The day never moves backwards: a clock set back keeps today's numbering.
 */
export function applyDayChange(
  state: QueueState,
  ctx: TransitionContext,
): { state: QueueState; events: QueueEvent[] } {
  const today = businessDayOf(ctx.now, ctx.hall.rules.timeZone);
  // Only forwards (YYYY-MM-DD compares as text): a clock stepped back over midnight must not reopen a day whose
  // numbers were already issued, or ticket ids would repeat and overwrite the tickets that hold them.
  if (today <= state.businessDay) return { state, events: [] };
  const events: QueueEvent[] = [{ type: 'day:changed', previousDay: state.businessDay, businessDay: today }];
  let next: QueueState = { ...state, businessDay: today, lastSequence: {} };
  if (ctx.hall.rules.dayChangePolicy === 'expire') {
    for (const ticket of state.tickets.values()) {
      if (ticket.status !== 'waiting' && ticket.status !== 'called') continue;
      const expired: Ticket = { ...ticket, status: 'expired', endedAt: ctx.now };
      next = withTicket(next, expired);
      // A called ticket frees its window; the event carries the freed window so that it is saved and shown.
      let freed: WindowState | null = null;
      if (ticket.windowId !== null && ticket.status === 'called') {
        const window = windowStateOf(next, ticket.windowId, ctx.now);
        if (window.currentTicketId === ticket.id) {
          freed = { ...window, currentTicketId: null, since: ctx.now };
          next = withWindow(next, freed);
        }
      }
      events.push({ type: 'ticket:expired', ticket: expired, window: freed });
    }
  }
  return { state: next, events };
}

// ---- the transition ------------------------------------------------------------------------------------------

/**
 * The queue rules: `(state, command, now) → { state, events }` or the rule the command breaks. Pure: it
 * executes nothing, and the caller persists the state and publishes the events.
 */
export function transition(
  state: QueueState,
  command: QueueCommand,
  ctx: TransitionContext,
): TransitionResult {
  const day = applyDayChange(state, ctx);
  const decision = decide(day.state, command, ctx);
  if (!decision.ok || day.events.length === 0) return decision;
  return accept(decision.state, [...day.events, ...decision.events]);
}

function decide(state: QueueState, command: QueueCommand, ctx: TransitionContext): Decision {
  switch (command.type) {
    case 'ticket:issue':
      return issueTicket(state, command, ctx);
    case 'window:call-next':
      return withActiveWindow(state, command.windowId, ctx, (window, ws) => {
        if (ws.currentTicketId !== null) return busy(state, ws);
        const ticket = nextWaitingFor(window, waitingIndexOf(state.tickets), ctx.hall.rules.callPolicy);
        if (!ticket) return refuse('NO_WAITING_TICKET', '没有等候的号 · Nobody is waiting for this window');
        return callTicket(state, ws, ticket, command.clerkId, null, ctx.now);
      });
    case 'window:call-ticket':
      return withActiveWindow(state, command.windowId, ctx, (window, ws) => {
        if (command.reason.trim() === '') {
          return refuse('REASON_REQUIRED', '跳号呼叫需填写原因 · Calling out of order needs a reason');
        }
        if (ws.currentTicketId !== null) return busy(state, ws);
        const ticket = state.tickets.get(command.ticketId);
        if (!ticket) return ticketNotFound(command.ticketId);
        if (ticket.status !== 'waiting') return notWaiting(ticket);
        if (!windowCanServe(window, ticket)) {
          return refuse(
            'TICKET_NOT_FOR_WINDOW',
            `${ticket.number} 不在本窗口办理范围 · not served at this window`,
          );
        }
        return callTicket(state, ws, ticket, command.clerkId, command.reason, ctx.now);
      });
    case 'window:recall':
      return withCurrentTicket(state, command.windowId, ctx, (ws, ticket) => {
        if (ticket.status !== 'called') {
          return invalid(
            `${ticket.number} 已在办理，不能重呼 · is being served; recall is for a called ticket`,
          );
        }
        const recalled: Ticket = { ...ticket, callCount: ticket.callCount + 1, lastCalledAt: ctx.now };
        return accept(withTicket(state, recalled), [
          { type: 'ticket:recalled', ticket: recalled, window: ws },
        ]);
      });
    case 'window:start':
      return withCurrentTicket(state, command.windowId, ctx, (ws, ticket) => {
        if (ticket.status !== 'called') return invalid(`${ticket.number} 已在办理 · is already being served`);
        const started: Ticket = { ...ticket, status: 'serving', startedAt: ctx.now };
        const window: WindowState = { ...ws, since: ctx.now };
        return accept(withWindow(withTicket(state, started), window), [
          { type: 'ticket:started', ticket: started, window },
        ]);
      });
    case 'window:finish':
      return withCurrentTicket(state, command.windowId, ctx, (ws, ticket) =>
        finishTicket(state, ws, ticket, ctx),
      );
    case 'window:no-show':
      return withCurrentTicket(state, command.windowId, ctx, (ws, ticket) => {
        if (ticket.status !== 'called') {
          return invalid(
            `${ticket.number} 已在办理，不能过号 · is being served; no-show is for a called ticket`,
          );
        }
        const { noShowMinCalls, noShowMinWaitSeconds } = ctx.hall.rules;
        const waitedEnough = ctx.now - (ticket.firstCalledAt ?? ctx.now) >= noShowMinWaitSeconds * 1000;
        if (ticket.callCount < noShowMinCalls && !waitedEnough) {
          return refuse(
            'NO_SHOW_TOO_EARLY',
            `需呼叫 ${noShowMinCalls} 次或等候 ${noShowMinWaitSeconds} 秒后才能过号 · ` +
              `No-show needs ${noShowMinCalls} calls or ${noShowMinWaitSeconds} s after the first call`,
          );
        }
        const ended: Ticket = { ...ticket, status: 'no-show', endedAt: ctx.now };
        const window: WindowState = { ...ws, currentTicketId: null, since: ctx.now };
        return accept(withWindow(withTicket(state, ended), window), [
          { type: 'ticket:no-show', ticket: ended, window },
        ]);
      });
    case 'window:transfer':
      return withCurrentTicket(state, command.windowId, ctx, (ws, ticket) => {
        const freed: WindowState = { ...ws, currentTicketId: null, since: ctx.now };
        return transferTicket(withWindow(state, freed), ticket, freed, command, ctx);
      });
    case 'ticket:transfer': {
      const ticket = state.tickets.get(command.ticketId);
      if (!ticket) return ticketNotFound(command.ticketId);
      if (ticket.status !== 'waiting') return notWaiting(ticket);
      return transferTicket(state, ticket, null, command, ctx);
    }
    case 'ticket:cancel': {
      const ticket = state.tickets.get(command.ticketId);
      if (!ticket) return ticketNotFound(command.ticketId);
      if (ticket.status !== 'waiting') return notWaiting(ticket);
      const cancelled: Ticket = { ...ticket, status: 'cancelled', endedAt: ctx.now };
      return accept(withTicket(state, cancelled), [{ type: 'ticket:cancelled', ticket: cancelled }]);
    }
    case 'window:pause':
      return withWindowOf(state, command.windowId, ctx, (_window, ws) => {
        if (ws.status === 'paused')
          return refuse('WINDOW_PAUSED', '窗口已暂停 · The window is already paused');
        const paused: WindowState = {
          ...ws,
          status: 'paused',
          pauseReason: command.reason,
          pauseNote: command.note,
          pausedAt: ctx.now,
          since: ctx.now,
        };
        return accept(withWindow(state, paused), [{ type: 'window:paused', window: paused }]);
      });
    case 'window:resume':
      return withWindowOf(state, command.windowId, ctx, (_window, ws) => {
        if (ws.status !== 'paused')
          return refuse('WINDOW_NOT_PAUSED', '窗口未暂停 · The window is not paused');
        const open: WindowState = {
          ...ws,
          status: 'open',
          pauseReason: null,
          pauseNote: null,
          pausedAt: null,
          since: ctx.now,
        };
        return accept(withWindow(state, open), [{ type: 'window:resumed', window: open }]);
      });
    case 'window:sign-in':
      return withWindowOf(state, command.windowId, ctx, (_window, ws) => {
        const signedIn: WindowState = { ...ws, clerkId: command.clerkId };
        return accept(withWindow(state, signedIn), [{ type: 'window:signed-in', window: signedIn }]);
      });
    case 'window:sign-out':
      return withWindowOf(state, command.windowId, ctx, (_window, ws) => {
        const signedOut: WindowState = { ...ws, clerkId: null };
        return accept(withWindow(state, signedOut), [{ type: 'window:signed-out', window: signedOut }]);
      });
    case 'clock:tick':
      return accept(state, []);
    default:
      return assertNever(command);
  }
}

// ---- guards --------------------------------------------------------------------------------------------------

const ticketNotFound = (ticketId: string): Decision =>
  refuse('TICKET_NOT_FOUND', `没有这张号 (${ticketId}) · No such active ticket`);
const notWaiting = (ticket: Ticket): Decision =>
  refuse('TICKET_NOT_WAITING', `${ticket.number} 不在等候中 · is not waiting (${ticket.status})`);
const invalid = (message: string): Decision => refuse('INVALID_TRANSITION', message);

function busy(state: QueueState, ws: WindowState): Decision {
  const current = ws.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  const number = current?.number ?? ws.currentTicketId;
  return refuse('WINDOW_BUSY', `请先完成或过号 ${number} · Finish or mark ${number} as no-show first`);
}

function findService(hall: Hall, serviceId: string): Service | undefined {
  return hall.services.find((s) => s.id === serviceId);
}

function findWindow(hall: Hall, windowId: string): HallWindow | undefined {
  return hall.windows.find((w) => w.id === windowId);
}

/** A window that exists, enabled or not. */
function withExistingWindow(
  state: QueueState,
  windowId: string,
  ctx: TransitionContext,
  then: (window: HallWindow, ws: WindowState) => Decision,
): Decision {
  const window = findWindow(ctx.hall, windowId);
  if (!window) return refuse('WINDOW_NOT_FOUND', `没有这个窗口 (${windowId}) · No such window`);
  return then(window, windowStateOf(state, windowId, ctx.now));
}

/** A window that exists and is enabled. */
function withWindowOf(
  state: QueueState,
  windowId: string,
  ctx: TransitionContext,
  then: (window: HallWindow, ws: WindowState) => Decision,
): Decision {
  return withExistingWindow(state, windowId, ctx, (window, ws) =>
    window.enabled
      ? then(window, ws)
      : refuse('WINDOW_DISABLED', `${window.number} 号窗口已停用 · Window is disabled`),
  );
}

/** A window that may call: it exists, is enabled and is not paused. */
function withActiveWindow(
  state: QueueState,
  windowId: string,
  ctx: TransitionContext,
  then: (window: HallWindow, ws: WindowState) => Decision,
): Decision {
  return withWindowOf(state, windowId, ctx, (window, ws) =>
    ws.status === 'paused'
      ? refuse('WINDOW_PAUSED', '窗口暂停中，请先恢复 · The window is paused; resume it first')
      : then(window, ws),
  );
}

function withCurrentTicket(
  state: QueueState,
  windowId: string,
  ctx: TransitionContext,
  then: (ws: WindowState, ticket: Ticket) => Decision,
): Decision {
  // Disabled or not: a window taken out of service must still be able to finish, no-show or transfer the
  // visitor it holds, or that ticket would be stuck (and count against the visitor's per-ID limit) for good.
  return withExistingWindow(state, windowId, ctx, (_window, ws) => {
    const ticket = ws.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
    if (!ticket) return refuse('WINDOW_IDLE', '本窗口当前没有号 · This window has no current ticket');
    return then(ws, ticket);
  });
}

// ---- command bodies ------------------------------------------------------------------------------------------

function isOpenAt(service: Service, ctx: TransitionContext): boolean {
  const minute = localDateTime(ctx.now, ctx.hall.rules.timeZone).minuteOfDay;
  return service.openingHours.some(
    (span) => minute >= minuteOfDay(span.from) && minute < minuteOfDay(span.to),
  );
}

function issueTicket(
  state: QueueState,
  command: Extract<QueueCommand, { type: 'ticket:issue' }>,
  ctx: TransitionContext,
): Decision {
  const service = findService(ctx.hall, command.serviceId);
  if (!service) return refuse('SERVICE_NOT_FOUND', `没有这项业务 (${command.serviceId}) · No such service`);
  if (!service.enabled) {
    return refuse(
      'SERVICE_DISABLED',
      `${service.name.zh}暂停取号 · ${service.name.en} is not taking tickets`,
    );
  }
  if (!isOpenAt(service, ctx)) {
    const hours = service.openingHours.map((s) => `${s.from}–${s.to}`).join(', ');
    return refuse(
      'SERVICE_CLOSED',
      `${service.name.zh}现在不在取号时间 (${hours}) · ${service.name.en} is closed now (${hours})`,
    );
  }
  const sequence = (state.lastSequence[service.id] ?? 0) + 1;
  if (sequence > maxSequence(service)) {
    return refuse(
      'DAILY_LIMIT_REACHED',
      `${service.name.zh}今日号已取完 · ${service.name.en} has issued all of today's tickets`,
    );
  }
  if (command.visitorKey !== null) {
    const held = heldBy(waitingIndexOf(state.tickets), command.visitorKey, service.id);
    if (held >= service.perIdLimit) {
      return refuse(
        'PER_ID_LIMIT_REACHED',
        `您已有${service.name.zh}的号，请等候呼叫 · You already hold a ticket for ${service.name.en}`,
      );
    }
  }
  const number = formatTicketNumber(service, sequence);
  const peopleAhead = peopleAheadInService(state, service.id, command.visitorClass);
  const ticket: Ticket = {
    id: ticketIdOf(state.businessDay, number),
    number,
    businessDay: state.businessDay,
    serviceId: service.id,
    issuedServiceId: service.id,
    visitorClass: command.visitorClass,
    status: 'waiting',
    issuedAt: ctx.now,
    queuedAt:
      command.slotStartsAt === undefined ? ctx.now : appointmentQueueTime(command.slotStartsAt, ctx.now),
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    visitorKey: command.visitorKey,
    kioskId: command.kioskId,
  };
  const { forecast: _before, outlook: _outlook, ...rest } = withTicket(state, ticket);
  const issued: QueueState = { ...rest, lastSequence: { ...state.lastSequence, [service.id]: sequence } };
  if (ctx.estimator) {
    const { spread, outlook } = estimateIssued(ctx.hall, state, issued, ticket, ctx.estimator, ctx.now);
    if (spread) {
      return accept(outlook ? { ...issued, outlook } : issued, [
        {
          type: 'ticket:issued',
          ticket,
          peopleAhead,
          estimatedWaitMs: spread.pointMs,
          estimatedWaitRange: { lowMs: spread.lowMs, highMs: spread.highMs },
        },
      ]);
    }
  }
  const estimatedWaitMs = estimateWaitMs(ctx.hall, state, service, peopleAhead, ctx.now);
  // Carry the forecast past this ticket (O(windows)) so the next issue need not replay the queue.
  const forecast =
    ctx.hall.rules.callPolicy === 'earliest-first'
      ? forecastAfterIssue(forecastOf(ctx.hall, state, ctx.now), issued, ticket)
      : undefined;
  const next: QueueState = forecast ? { ...issued, forecast } : issued;
  return accept(next, [{ type: 'ticket:issued', ticket, peopleAhead, estimatedWaitMs }]);
}

function callTicket(
  state: QueueState,
  ws: WindowState,
  ticket: Ticket,
  clerkId: string | null,
  outOfOrderReason: string | null,
  now: number,
): Decision {
  const called: Ticket = {
    ...ticket,
    status: 'called',
    windowId: ws.windowId,
    clerkId: clerkId ?? ws.clerkId,
    callCount: 1,
    firstCalledAt: now,
    lastCalledAt: now,
  };
  const window: WindowState = { ...ws, currentTicketId: called.id, since: now };
  return accept(withWindow(withTicket(state, called), window), [
    { type: 'ticket:called', ticket: called, window, outOfOrderReason },
  ]);
}

/**
 * Finishing a ticket that was only called (a keypad has no start key) counts its service from the last call,
 * when the visitor came to the window.
 */
function finishTicket(state: QueueState, ws: WindowState, ticket: Ticket, ctx: TransitionContext): Decision {
  const startedAt = ticket.startedAt ?? ticket.lastCalledAt ?? ctx.now;
  const done: Ticket = { ...ticket, status: 'done', startedAt, endedAt: ctx.now };
  const window: WindowState = { ...ws, currentTicketId: null, since: ctx.now };
  const recent = [...(state.recentServiceMs[ticket.serviceId] ?? []), ctx.now - startedAt].slice(
    -RECENT_SERVICE_SAMPLES,
  );
  const next: QueueState = {
    ...withWindow(withTicket(state, done), window),
    recentServiceMs: { ...state.recentServiceMs, [ticket.serviceId]: recent },
  };
  return accept(next, [{ type: 'ticket:finished', ticket: done, window }]);
}

function transferTicket(
  state: QueueState,
  ticket: Ticket,
  fromWindow: WindowState | null,
  command: { readonly to: TransferTarget; readonly note: string; readonly keepPlace: boolean },
  ctx: TransitionContext,
): Decision {
  let serviceId = ticket.serviceId;
  let targetWindowId: string | null = null;
  if (command.to.kind === 'service') {
    const service = findService(ctx.hall, command.to.serviceId);
    if (!service)
      return refuse('SERVICE_NOT_FOUND', `没有这项业务 (${command.to.serviceId}) · No such service`);
    if (!service.enabled)
      return refuse('SERVICE_DISABLED', `${service.name.zh}已停用 · ${service.name.en} is disabled`);
    serviceId = service.id;
  } else {
    const target = findWindow(ctx.hall, command.to.windowId);
    if (!target) return refuse('WINDOW_NOT_FOUND', `没有这个窗口 (${command.to.windowId}) · No such window`);
    if (!target.enabled)
      return refuse('WINDOW_DISABLED', `${target.number} 号窗口已停用 · Window is disabled`);
    if (fromWindow !== null && target.id === fromWindow.windowId) {
      return invalid('不能转给本窗口 · Cannot transfer a ticket to its own window');
    }
    targetWindowId = target.id;
  }
  const moved: Ticket = {
    ...ticket,
    status: 'waiting',
    serviceId,
    targetWindowId,
    windowId: null,
    queuedAt: command.keepPlace ? ticket.queuedAt : ctx.now,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    transferCount: ticket.transferCount + 1,
  };
  return accept(withTicket(state, moved), [
    {
      type: 'ticket:transferred',
      ticket: moved,
      fromServiceId: ticket.serviceId,
      fromWindow,
      to: command.to,
      note: command.note,
    },
  ]);
}
