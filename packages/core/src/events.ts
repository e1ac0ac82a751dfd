import type { TransferTarget } from './commands.ts';
import type { WindowState } from './state.ts';
import type { Ticket } from './ticket.ts';

/**
 * What happened, carrying the entities as they are afterwards: the hub persists every ticket and window an
 * event carries and broadcasts the event as it is, so a screen needs no second fetch.
 */
export type QueueEvent =
  | {
      readonly type: 'ticket:issued';
      readonly ticket: Ticket;
      readonly peopleAhead: number;
      readonly estimatedWaitMs: number;
      /** The 20th–80th percentile of the simulated waits, when the estimator had its inputs. */
      readonly estimatedWaitRange?: { readonly lowMs: number; readonly highMs: number };
    }
  | {
      readonly type: 'ticket:called';
      readonly ticket: Ticket;
      readonly window: WindowState;
      readonly outOfOrderReason: string | null;
    }
  | { readonly type: 'ticket:recalled'; readonly ticket: Ticket; readonly window: WindowState }
  | { readonly type: 'ticket:started'; readonly ticket: Ticket; readonly window: WindowState }
  | { readonly type: 'ticket:finished'; readonly ticket: Ticket; readonly window: WindowState }
  | { readonly type: 'ticket:no-show'; readonly ticket: Ticket; readonly window: WindowState }
  | {
      readonly type: 'ticket:transferred';
      readonly ticket: Ticket;
      readonly fromServiceId: string;
      readonly fromWindow: WindowState | null;
      readonly to: TransferTarget;
      readonly note: string;
    }
  | { readonly type: 'ticket:cancelled'; readonly ticket: Ticket }
  | { readonly type: 'ticket:expired'; readonly ticket: Ticket; readonly window: WindowState | null }
  | { readonly type: 'window:paused'; readonly window: WindowState }
  | { readonly type: 'window:resumed'; readonly window: WindowState }
  | { readonly type: 'window:signed-in'; readonly window: WindowState }
  | { readonly type: 'window:signed-out'; readonly window: WindowState }
  | { readonly type: 'day:changed'; readonly previousDay: string; readonly businessDay: string };

export type QueueEventType = QueueEvent['type'];
