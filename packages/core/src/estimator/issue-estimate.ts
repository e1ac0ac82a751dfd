import type { Hall } from '../hall.ts';
import { probeTicket } from '../probe-ticket.ts';
import type { QueueState } from '../state.ts';
import { derivedPerState } from '../state-memo.ts';
import type { Ticket } from '../ticket.ts';
import {
  type EstimatorInputs,
  newTicketSpread,
  outlookAfterIssue,
  ticketSpread,
  type WaitOutlook,
  waitOutlookOf,
} from './wait-outlook.ts';
import type { WaitSpread } from './wait-spread.ts';

/** How old a carried outlook may be before the queue is simulated anew (clerks' progress drifts from it). */
export const OUTLOOK_MAX_AGE_MS = 60_000;

/**
 * How long an outlook stays in use while windows call, start and finish (the state changes, the outlook rides
 * along in it): those calls are what the outlook already simulated, so for a short while it still holds, and the
 * hot path does not simulate the queue anew after every call. Issues are carried into it exactly; a ticket that
 * cannot be carried (priority lane, a named window) drops it.
 */
export const OUTLOOK_REUSE_MS = 30_000;

/**
 * How old an outlook may grow before the hub simulates a new one between commands (`outlookDue`,
 * `withFreshOutlook`): well inside OUTLOOK_REUSE_MS, so that a command finds one that fits and never simulates the
 * queue on its own path.
 */
export const OUTLOOK_REFRESH_MS = 20_000;

/** Is the outlook about this hall and inputs, and this queue (or one it simulated a moment ago), recent enough? */
function outlookFits(
  outlook: WaitOutlook,
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
): boolean {
  if (outlook.hall !== hall || outlook.inputs !== inputs || now < outlook.now) return false;
  const same = outlook.tickets === state.tickets && outlook.windows === state.windows;
  return now - outlook.now <= (same ? OUTLOOK_MAX_AGE_MS : OUTLOOK_REUSE_MS);
}

/** Outlooks simulated from a state, remembered by identity. */
const outlookPerState = derivedPerState<WaitOutlook>();

/**
 * The outlook for this state: the one it carries when it fits (carried from issue to issue), else one simulated
 * once per state and inputs.
 */
export function outlookOf(hall: Hall, state: QueueState, inputs: EstimatorInputs, now: number): WaitOutlook {
  return outlookPerState(
    state,
    state.outlook,
    (outlook) => outlookFits(outlook, hall, state, inputs, now),
    () => waitOutlookOf(hall, state, inputs, now),
  );
}

/**
 * The estimate printed for a ticket just issued (`before` is the state without it, `after` with it), and the
 * outlook `after` can carry. A normal ticket behind everyone under earliest-first reads the carried outlook and
 * moves it on (no simulation on the hot path while it fits); any other simulates the queue with the ticket in it
 * (a priority ticket's simulation ends as soon as it is called), and under earliest-first still moves it on.
 * Null spread when no window serving the ticket opens again today.
 */
export function estimateIssued(
  hall: Hall,
  before: QueueState,
  after: QueueState,
  ticket: Ticket,
  inputs: EstimatorInputs,
  now: number,
): { readonly spread: WaitSpread | null; readonly outlook: WaitOutlook | undefined } {
  if (hall.rules.callPolicy === 'earliest-first') {
    const outlook = outlookOf(hall, before, inputs, now);
    const carried = outlookAfterIssue(outlook, after, ticket);
    if (carried && ticket.visitorClass === 'normal') {
      return { spread: newTicketSpread(outlook, ticket.serviceId, now), outlook: carried };
    }
    // A priority ticket is called before the normal ones: its simulation ends early, and the outlook rides on.
    return { spread: ticketSpread(hall, after, inputs, now, ticket), outlook: carried };
  }
  return { spread: ticketSpread(hall, after, inputs, now, ticket), outlook: undefined };
}

/** A figure per service for a new normal ticket (the tiles): the spread, or null when none can be given. */
export function serviceSpreads(
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
): ReadonlyMap<string, WaitSpread | null> {
  const out = new Map<string, WaitSpread | null>();
  if (hall.rules.callPolicy === 'earliest-first') {
    const outlook = outlookOf(hall, state, inputs, now);
    for (const s of hall.services) out.set(s.id, newTicketSpread(outlook, s.id, now));
    return out;
  }
  for (const s of hall.services) {
    const probe = probeTicket(s.id, 'normal', now, state.businessDay);
    out.set(s.id, ticketSpread(hall, state, inputs, now, probe));
  }
  return out;
}

/**
 * Whether the outlook this state carries should be simulated anew, by the hub between commands: there is none, it
 * no longer fits, or it is OUTLOOK_REFRESH_MS old. Never under service-order, where no outlook is carried (each
 * issue simulates its own ticket).
 */
export function outlookDue(hall: Hall, state: QueueState, inputs: EstimatorInputs, now: number): boolean {
  if (hall.rules.callPolicy !== 'earliest-first') return false;
  const outlook = state.outlook;
  return (
    outlook === undefined ||
    !outlookFits(outlook, hall, state, inputs, now) ||
    now - outlook.now >= OUTLOOK_REFRESH_MS
  );
}

/**
 * The state with an outlook simulated from it now, to carry: the commands after it (issues, calls, finishes…) then
 * read it instead of simulating the queue themselves. The queue is the same state; only the derived part changes.
 */
export function withFreshOutlook(
  hall: Hall,
  state: QueueState,
  inputs: EstimatorInputs,
  now: number,
): QueueState {
  const outlook = waitOutlookOf(hall, state, inputs, now);
  return { ...state, outlook };
}
