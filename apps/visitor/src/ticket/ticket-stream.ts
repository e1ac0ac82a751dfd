import type { TicketPageView } from '@hallq/protocol';

/** What the page knows of its ticket's stream. */
export type StreamState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'live'; readonly view: TicketPageView; readonly connected: boolean };

/** The slice of EventSource the stream uses (a test passes its own). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  onopen: ((this: EventSource, ev: Event) => unknown) | null;
  onerror: ((this: EventSource, ev: Event) => unknown) | null;
  close(): void;
}

/** A view as the hub sent it, or null for anything else (the page shows only what it understands). */
export function parseView(data: string): TicketPageView | null {
  try {
    const value = JSON.parse(data) as Partial<TicketPageView> | null;
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof value.number !== 'string' ||
      typeof value.state !== 'string' ||
      typeof value.live !== 'boolean' ||
      typeof value.callCount !== 'number'
    )
      return null;
    return value as TicketPageView;
  } catch {
    return null;
  }
}

const CLOSED = 2;
/** After the hub refused a stream (busy, restarting): the page asks again this much later. */
export const REOPEN_AFTER_MS = 3000;

/**
 * Follows a ticket: its stream's views until the ticket ends (`live: false`), then nothing more. A dropped
 * connection is reopened by the browser itself (the hub's retry hint) and the page says so meanwhile; a stream the
 * hub refused (the browser gives up on those) is asked about once: 404 is "not found", anything else is tried again
 * after REOPEN_AFTER_MS. Returns the stop.
 */
export function followTicket(deps: {
  token: string;
  open: (url: string) => EventSourceLike;
  fetchView: (url: string) => Promise<{ status: number }>;
  onState: (state: StreamState) => void;
  /** The timer of the retry (tests pass their own). */
  later?: (run: () => void, ms: number) => void;
}): () => void {
  const base = `/t/${encodeURIComponent(deps.token)}`;
  const later = deps.later ?? ((run, ms) => void setTimeout(run, ms));
  let source: EventSourceLike | null = null;
  let last: TicketPageView | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    source?.close();
  };

  function open(): void {
    const current = deps.open(`${base}/events`);
    source = current;
    current.addEventListener('ticket', (event) => {
      const view = parseView(event.data);
      if (!view || stopped) return;
      last = view;
      deps.onState({ kind: 'live', view, connected: true });
      // The ticket ended: nothing more will come, and the page stops listening (no reconnecting for ever).
      if (!view.live) stop();
    });
    current.onerror = () => {
      if (stopped) return;
      if (last) deps.onState({ kind: 'live', view: last, connected: false });
      if (current.readyState !== CLOSED) return;
      // The hub answered with an error, and the browser gave up: is it that there is no such ticket?
      deps
        .fetchView(`${base}/view`)
        .then((answer) => answer.status)
        .catch(() => 0)
        .then((status) => {
          if (stopped) return;
          if (status === 404) deps.onState({ kind: 'not-found' });
          else later(() => !stopped && open(), REOPEN_AFTER_MS);
        });
    };
  }

  open();
  return stop;
}
