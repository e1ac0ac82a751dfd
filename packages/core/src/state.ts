import type { WaitOutlook } from './estimator/wait-outlook.ts';
import type { Hall } from './hall.ts';
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
  /**
   * Derived, optional: the queue played forward, carried from one issued ticket to the next so that an issue
   * does not replay the whole queue (see `forecastAfterIssue`). Used only while it is about this very state.
   */
  readonly forecast?: QueueForecast;
  /**
   * Derived, optional: the estimator's simulated outlook, carried from issue to issue like `forecast` (see
   * estimator/issue-estimate.ts). Used only while it is about this very state.
   */
  readonly outlook?: WaitOutlook;
}

/** When each enabled window would run out of tickets it may call, with the queue played forward from `now`. */
export interface QueueForecast {
  /** What the forecast was played from: it is used only for a state holding these same objects. */
  readonly hall: Hall;
  readonly tickets: ReadonlyMap<string, Ticket>;
  readonly windows: Readonly<Record<string, WindowState>>;
  readonly recentServiceMs: Readonly<Record<string, readonly number[]>>;
  /** The instant the run starts from (the latest the state records). */
  readonly now: number;
  /** Per enabled window id: when it has nobody left it may call. */
  readonly dryAt: Readonly<Record<string, number>>;
  /** The last waiting ticket in line order (queue time, issue time, id): a new one must come after it. */
  readonly lastInLine: Ticket | null;
  /**
   * Set when the queue filled the forecast's horizon (the tickets played one by one): where the windows stood
   * after them, so that a new ticket behind everyone replays only the lines' batches, not the queue.
   */
  readonly tail: ForecastTail | null;
}

/** Where the forecast's line batches start: the windows after the prefix, and what the prefix took of each line. */
export interface ForecastTail {
  /** Per enabled window, in hall order: when it is free after the prefix. */
  readonly free: readonly number[];
  /** Per line key: how many of its tickets the prefix holds. */
  readonly taken: Readonly<Record<string, number>>;
  /** Per line key: its first ticket after the prefix, for lines with any. */
  readonly heads: Readonly<Record<string, Ticket>>;
}
