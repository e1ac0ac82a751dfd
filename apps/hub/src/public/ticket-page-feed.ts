import type { ServerResponse } from 'node:http';
import { type HallUpdate, QrRatingRequest, type TicketPageView } from '@hallq/protocol';
import type { HallService } from '../hall-service.ts';
import type { RatingDesk } from '../rating-desk.ts';
import type { TicketTokens } from '../tickets/ticket-tokens.ts';
import type { AddressLimiter } from './address-limiter.ts';
import { type EventStream, openEventStream } from './event-stream.ts';
import { sendJson } from './public-headers.ts';
import { type PublicRequest, type PublicRoute, readJsonBody } from './public-router.ts';
import { ticketPageView } from './ticket-page-view.ts';

/** Streams open at once on the whole listener: beyond this a page falls back to its reconnect delay. */
export const MAX_TICKET_STREAMS = 10_000;
/** A comment line this often keeps an idle stream from being dropped by a proxy or a phone. */
export const STREAM_KEEP_ALIVE_MS = 25_000;
/** What a rating costs from the address's bucket (it writes to the hall's log). */
const RATING_COST = 20;

interface Watcher {
  readonly stream: EventStream;
  /** The last view sent (without its time), to send only what changed. */
  last: string;
}

/**
 * Ticket pages, live: `GET /t/<token>/events` streams the ticket's view (server-sent events) from the moment the
 * page opens until the ticket ends; `GET /t/<token>/view` answers it once; `POST /t/<token>/rating` rates it. The
 * hub's hall stream drives it: after each committed batch every open page gets its ticket's view again, if it
 * changed (people ahead, a call, the window, the end).
 */
export function createTicketPageFeed(deps: {
  hall: HallService;
  tokens: TicketTokens;
  ratings: RatingDesk;
  limiter: AddressLimiter;
  clock: () => number;
  keepAliveMs?: number;
}) {
  const watchers = new Map<string, Set<Watcher>>();
  let streams = 0;
  let pending = false;
  /** The figures of the last committed update: the tiles' figures, with the estimator's ranges. */
  let figures: HallUpdate['figures'] | undefined;

  /** The ticket's view now, or null when there is no such ticket. */
  function viewOf(ticketId: string): TicketPageView | null {
    const ticket = deps.hall.state().tickets.get(ticketId) ?? deps.hall.store.ticket(ticketId);
    if (!ticket) return null;
    return ticketPageView({
      hall: deps.hall.hall(),
      state: deps.hall.state(),
      ticket,
      rating: deps.ratings.qrRatingOf(ticketId, ticket.endedAt),
      now: deps.clock(),
      figures,
    });
  }

  const withoutTime = (view: TicketPageView): string => JSON.stringify({ ...view, at: 0 });

  function send(watcher: Watcher, view: TicketPageView): void {
    const key = withoutTime(view);
    if (key === watcher.last) return;
    watcher.last = key;
    watcher.stream.send('ticket', view);
    // A ticket that ended changes no more: its page stops listening, and so do we.
    if (!view.live) watcher.stream.end();
  }

  /** Every open page gets its ticket's view, once per turn of the event loop however many updates came. */
  function refresh(): void {
    pending = false;
    for (const [ticketId, set] of watchers) {
      const view = viewOf(ticketId);
      for (const watcher of [...set]) {
        if (view) send(watcher, view);
        else watcher.stream.end();
      }
    }
  }

  const ticketOfRequest = (request: PublicRequest): string | null => {
    const token = request.params.token ?? '';
    return deps.tokens.ticketOf(token);
  };

  const notFound = (res: ServerResponse) =>
    sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: '没有这张票 · No such ticket' });

  const routes: PublicRoute[] = [
    {
      method: 'GET',
      path: '/t/:token/events',
      handle(request, res) {
        const ticketId = ticketOfRequest(request);
        const view = ticketId === null ? null : viewOf(ticketId);
        if (ticketId === null || view === null) return notFound(res);
        if (streams >= MAX_TICKET_STREAMS) {
          sendJson(res, 503, { ok: false, code: 'UNAVAILABLE', message: '请稍后 · Try again shortly' });
          return;
        }
        const release = deps.limiter.openStream(request.address, deps.clock());
        if (!release) {
          sendJson(res, 429, { ok: false, code: 'UNAVAILABLE', message: '请稍后 · Try again shortly' });
          return;
        }
        streams += 1;
        let watcher: Watcher | null = null;
        const stream = openEventStream(res, {
          keepAliveMs: deps.keepAliveMs ?? STREAM_KEEP_ALIVE_MS,
          onClose: () => {
            streams -= 1;
            release();
            const set = watchers.get(ticketId);
            if (set && watcher) {
              set.delete(watcher);
              if (set.size === 0) watchers.delete(ticketId);
            }
          },
        });
        watcher = { stream, last: '' };
        let set = watchers.get(ticketId);
        if (!set) {
          set = new Set();
          watchers.set(ticketId, set);
        }
        set.add(watcher);
        send(watcher, view);
      },
    },
    {
      method: 'GET',
      path: '/t/:token/view',
      handle(request, res) {
        const ticketId = ticketOfRequest(request);
        const view = ticketId === null ? null : viewOf(ticketId);
        if (view === null) return notFound(res);
        sendJson(res, 200, view);
      },
    },
    {
      method: 'POST',
      path: '/t/:token/rating',
      cost: RATING_COST,
      async handle(request, res) {
        const ticketId = ticketOfRequest(request);
        if (ticketId === null) return notFound(res);
        const body = await readJsonBody(request.req, 4096);
        const parsed = body.ok ? QrRatingRequest.safeParse(body.value) : null;
        if (!parsed?.success) {
          sendJson(res, 400, { ok: false, code: 'INVALID', message: '评价无效 · Not a valid rating' });
          return;
        }
        const answer = deps.ratings.submitQr(ticketId, parsed.data);
        if (answer.ok) {
          sendJson(res, 200, { ok: true });
          return;
        }
        const code = answer.error.code;
        const known = code === 'ALREADY_RATED' || code === 'RATING_CLOSED' || code === 'NOT_FOUND';
        sendJson(res, known ? 409 : 503, {
          ok: false,
          code: known ? code : 'UNAVAILABLE',
          message: answer.error.message.slice(0, 200),
        });
      },
    },
  ];

  return {
    routes,
    /** A committed hall update: every open page looks again, once the current burst is over. */
    onUpdate(update: HallUpdate): void {
      figures = update.figures;
      if (pending || watchers.size === 0) return;
      pending = true;
      setImmediate(refresh);
    },
    /** How many pages are listening (tests, health). */
    openStreams: () => streams,
    /** Ends every stream (the hub is closing). */
    close(): void {
      for (const set of watchers.values()) for (const watcher of [...set]) watcher.stream.end();
      watchers.clear();
    },
  };
}

export type TicketPageFeed = ReturnType<typeof createTicketPageFeed>;
