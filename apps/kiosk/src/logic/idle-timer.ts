import type { KioskScreen } from './kiosk-flow.ts';

/** When the kiosk gives up on an absent visitor: a deadline moved by every touch, checked by a clock tick. */
export interface IdleState {
  readonly deadline: number | null;
}

export type IdleEvent =
  /** A touch, or a new screen: the deadline moves to `at + timeoutMs` (null timeout = no deadline). */
  | { readonly type: 'activity'; readonly at: number; readonly timeoutMs: number | null }
  | { readonly type: 'tick'; readonly at: number };

export const initialIdleState: IdleState = { deadline: null };

/** Pure: returns the next state and whether the deadline passed on this tick (reported once). */
export function idleReducer(state: IdleState, event: IdleEvent): { state: IdleState; expired: boolean } {
  switch (event.type) {
    case 'activity':
      return {
        state: { deadline: event.timeoutMs === null ? null : event.at + event.timeoutMs },
        expired: false,
      };
    case 'tick':
      if (state.deadline !== null && event.at >= state.deadline)
        return { state: { deadline: null }, expired: true };
      return { state, expired: false };
  }
}

/** Seconds a visitor gets on each screen; elderly mode is slower. Null: no timeout (home, or work in flight). */
export function idleTimeoutMs(screen: KioskScreen, elderly: boolean): number | null {
  const scale = elderly ? 2.5 : 1;
  switch (screen) {
    case 'home':
    case 'checking':
    case 'issuing':
    case 'printing':
      return null;
    case 'printed':
      return 12_000 * scale;
    case 'refused':
    case 'card-refused':
    case 'appointment-message':
    // A lookup waits for the hub; should its answer never come, the kiosk does not stay stuck.
    case 'appointment-lookup':
      return 20_000 * scale;
    case 'guide':
    case 'card-wait':
    case 'card-greet':
    case 'print-failed':
    case 'code-entry':
    case 'appointment-offer':
      return 45_000 * scale;
  }
}
