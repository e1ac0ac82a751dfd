import { type QueueState, type ServiceQueueFigures, serviceQueueFigures, type Ticket } from '@hallq/core';
import type {
  HallConfig,
  ServiceFigures,
  TicketPageState,
  TicketPageView,
  WaitRangeMs,
} from '@hallq/protocol';
import { peopleAheadOf } from '../api/api-handlers.ts';

const STATE_OF: Record<Ticket['status'], TicketPageState> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'serving',
  done: 'done',
  'no-show': 'ended',
  cancelled: 'ended',
  expired: 'ended',
};

/** The service figures of a state, computed once per state (states are immutable; the weak map lets them go). */
const figuresByState = new WeakMap<QueueState, readonly ServiceQueueFigures[]>();
function figuresOf(hall: HallConfig, state: QueueState): readonly ServiceQueueFigures[] {
  let figures = figuresByState.get(state);
  if (!figures) {
    figures = serviceQueueFigures(hall, state);
    figuresByState.set(state, figures);
  }
  return figures;
}

/**
 * The estimate for a ticket with `ahead` people in front: the service's figure (the wait of a new ticket behind all
 * `waiting` of its line, the kiosk's and the lobby's number) in proportion, as the line moves at the pace the
 * figure assumes. Cheap: one figure per state for every page open, not a play of the queue per page.
 */
export function waitOfPlace(
  figures: Pick<ServiceQueueFigures, 'waiting' | 'estimatedWaitMs'> | undefined,
  ahead: number,
): number {
  if (!figures || figures.waiting <= 0 || ahead <= 0) return 0;
  return Math.round((figures.estimatedWaitMs * Math.min(ahead, figures.waiting)) / figures.waiting);
}

/**
 * The estimator's 20th–80th percentile for a place in line: the tile's range (a new ticket behind the whole line)
 * in the same proportion as the estimate itself (`waitOfPlace`), so the page, the tile and the paper agree for
 * the last in line. Null when the tile has no range (too little history to simulate).
 */
export function rangeOfPlace(figures: ServiceFigures | undefined, ahead: number): WaitRangeMs | null {
  const range = figures?.estimatedWaitRange;
  if (!figures || !range) return null;
  return {
    lowMs: waitOfPlace({ waiting: figures.waiting, estimatedWaitMs: range.lowMs }, ahead),
    highMs: waitOfPlace({ waiting: figures.waiting, estimatedWaitMs: range.highMs }, ahead),
  };
}

/**
 * A ticket as its page shows it: its number, its service and waiting area, its place in line, its window, and
 * whether it may be rated. Nothing about any other ticket but how many wait ahead of it.
 */
export function ticketPageView(deps: {
  hall: HallConfig;
  state: QueueState;
  ticket: Ticket;
  rating: { given: boolean; until: number | null };
  now: number;
  /**
   * The hall's figures as the tiles last got them (with the estimator's ranges); absent: the queue's own figures
   * for `state`, which have no range.
   */
  figures?: readonly ServiceFigures[] | undefined;
}): TicketPageView {
  const { hall, state, ticket, now } = deps;
  const service = hall.services.find((s) => s.id === ticket.serviceId);
  const pageState = STATE_OF[ticket.status];
  const waiting = pageState === 'waiting';
  const peopleAhead = waiting ? peopleAheadOf(hall, state, ticket) : null;
  const window =
    pageState === 'called' || pageState === 'serving' || pageState === 'done'
      ? hall.windows.find((w) => w.id === ticket.windowId)
      : undefined;
  const figures = waiting
    ? (deps.figures ?? figuresOf(hall, state)).find((f) => f.serviceId === ticket.serviceId)
    : undefined;
  const range = waiting ? rangeOfPlace(figures, peopleAhead ?? 0) : null;
  const rating =
    pageState !== 'done'
      ? null
      : deps.rating.given
        ? { status: 'given' as const, until: null }
        : deps.rating.until !== null && now <= deps.rating.until
          ? { status: 'open' as const, until: deps.rating.until }
          : { status: 'closed' as const, until: null };
  return {
    number: ticket.number,
    service: service?.name ?? { zh: '—', en: '—' },
    waitingArea: service?.waitingArea ?? { zh: '—', en: '—' },
    hallName: hall.name,
    state: pageState,
    peopleAhead,
    estimatedWaitMs: waiting ? waitOfPlace(figures, peopleAhead ?? 0) : null,
    ...(range ? { estimatedWaitRange: range } : {}),
    window: window ? { number: window.number, name: window.name } : null,
    callCount: ticket.callCount,
    rating,
    // Once served or ended nothing more changes on the page but the rating, which the page's own answer shows.
    live: waiting || pageState === 'called' || pageState === 'serving',
    at: now,
  };
}
