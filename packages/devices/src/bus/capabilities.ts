import type { Unsubscribe } from '../serial/index.ts';
import type { Rating, RatingInfo } from './evaluator/evaluation-pad-messages.ts';
import type { KeypadKey } from './keypad/keypad-messages.ts';
import type { SignEffect } from './led-sign/led-sign-messages.ts';

/** What the hub needs from the keypads at the windows; it neither knows nor cares about the bus. */
export interface KeypadKeyEvent {
  readonly address: number;
  readonly key: KeypadKey;
}

/** A unit stopped answering (online: false) or answers again (online: true). */
export interface UnitStatusEvent {
  readonly address: number;
  readonly online: boolean;
  readonly cause?: Error;
}

export interface CallerKeypad {
  onKey(listener: (event: KeypadKeyEvent) => void): Unsubscribe;
  onUnitStatus(listener: (event: UnitStatusEvent) => void): Unsubscribe;
  /** E.g. `['A001 服务中', '等候 5 人']`. Lines longer than the display are cut at a character boundary. */
  showDisplay(address: number, lines: readonly string[]): Promise<void>;
}

export interface SignShowOptions {
  readonly effect?: SignEffect;
  /** 1..16; omitted = keep the sign's brightness. */
  readonly brightness?: number;
}

export interface WindowSign {
  /**
   * Shows `text` (e.g. 'A001 请到3号窗口', idle '暂停服务') on the sign at `address`; resolves once the sign
   * acknowledged it. Address 0 broadcasts to every sign (no acknowledgement).
   */
  show(address: number, text: string, options?: SignShowOptions): Promise<void>;
}

export interface RequestRatingOptions {
  /** Aborting ends the request on the pad and resolves 'not-rated'. */
  readonly signal?: AbortSignal;
}

export interface EvaluationPad {
  /**
   * Asks the visitor at `address` to rate the service. Resolves with the key they pressed, or 'not-rated' when
   * the time ran out or the request was cancelled — never with an invented rating. Rejects only when the pad
   * could not be asked at all (timeout, disconnected, refused).
   */
  requestRating(
    address: number,
    info: RatingInfo,
    timeoutMs: number,
    options?: RequestRatingOptions,
  ): Promise<Rating | 'not-rated'>;
  /** Ends the open request at `address` early; its promise resolves 'not-rated'. False if none was open. */
  cancelRating(address: number): boolean;
}
