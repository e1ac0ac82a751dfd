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

/**
 * Follows a ticket: its stream's views until the ticket ends (`live: false`), then nothing more; while the
 * connection is lost the browser reconnects by itself (the hub's retry hint) and the page says so. A stream the
 * hub refuses (an unknown token) is asked about once: 404 is "not found". Returns the stop.
 */
export function followTicket(deps: {
  token: string;
  open: (url: string) => EventSourceLike;
  fetchView: (url: string) => Promise<{ status: number }>;
  onState: (state: StreamState) => void;
}): () => void {
  const base = `/t/${encodeURIComponent(deps.token)}`;
  const source = deps.open(`${base}/events`);
  let last: TicketPageView | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    source.close();
  };
  source.addEventListener('ticket', (event) => {
    const view = parseView(event.data);
    if (!view || stopped) return;
    last = view;
    deps.onState({ kind: 'live', view, connected: true });
    // The ticket ended: nothing more will come, and the page stops listening (no reconnecting for ever).
    if (!view.live) stop();
  });
  source.onerror = () => {
    if (stopped) return;
    if (last) {
      deps.onState({ kind: 'live', view: last, connected: false });
      return;
    }
    if (source.readyState === CLOSED) {
      // The hub answered the stream with an error: is it that there is no such ticket?
      deps
        .fetchView(`${base}/view`)
        .then((answer) => {
          if (!stopped && answer.status === 404) deps.onState({ kind: 'not-found' });
        })
        .catch(() => {});
    }
  };
  return stop;
}
