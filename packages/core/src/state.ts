import type { WaitOutlook } from './estimator/wait-outlook.ts';
import type { Hall } from './hall.ts';
import type { Ticket, VisitorClass } from './ticket.ts';

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

/**
 * The forecast's line batches (see `playBatch` in wait-estimate.ts): each line's tickets after the prefix, in the
 * order they are played, with the windows' free times before each, so that a new ticket (which joins one line's
 * batch, or starts a last one) replays only that batch and those after it.
 */
export interface ForecastTail {
  readonly batches: readonly ForecastBatch[];
  /** Per enabled window, in hall order: when it is free before batch i; one more entry for after the last. */
  readonly freeBefore: readonly (readonly number[])[];
}

/** One line's tickets after the forecast's prefix: how many, each taking `cycle`, for which windows. */
export interface ForecastBatch {
  readonly key: string;
  readonly lane: VisitorClass;
  /** The line's first ticket after the prefix: batches are played in the order of their heads. */
  readonly head: Ticket;
  readonly count: number;
  readonly cycle: number;
  /** Indexes (in hall order) of the enabled windows that may call the line. */
  readonly eligible: readonly number[];
}
