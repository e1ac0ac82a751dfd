import type { Ticket } from './ticket.ts';

export type PauseReason = 'break' | 'meeting' | 'system-fault' | 'other';

export interface WindowState {
  readonly windowId: string;
  readonly status: 'open' | 'paused';
  readonly pauseReason: PauseReason | null;
  readonly pauseNote: string | null;
  readonly pausedAt: number | null;
  /** The one active (called or serving) ticket this window holds. */
  readonly currentTicketId: string | null;
  readonly clerkId: string | null;
  /** When the window last changed what it was doing: for "idle for" and "paused for" figures. */
  readonly since: number;
}

/**
 * Everything the queue rules need to decide a command. Only active tickets live here; a ticket that ends
 * (done, no-show, cancelled, expired) leaves the state through its event, and the hub keeps it in the database.
 */
export interface QueueState {
  readonly businessDay: string;
  /** Last sequence number issued today, per service. */
  readonly lastSequence: Readonly<Record<string, number>>;
  readonly tickets: ReadonlyMap<string, Ticket>;
  readonly windows: Readonly<Record<string, WindowState>>;
  /** Recent service durations (ms), newest last, per service: the wait estimate's input. */
  readonly recentServiceMs: Readonly<Record<string, readonly number[]>>;
}
