/**
 * Tells a keyboard-wedge (USB HID) scanner from a person typing. A wedge scanner "types" its read as keystrokes a
 * few milliseconds apart and ends it with Enter (or Tab); nobody types that fast. Pure: every key carries its own
 * time (`KeyboardEvent.timeStamp` in the page, an injected clock in tests).
 */

export interface WedgeSettings {
  /** Keys further apart than this are typing. */
  readonly maxKeyIntervalMs: number;
  /** A burst shorter than this is not a scan (a stray double key press). */
  readonly minLength: number;
  readonly maxLength: number;
  readonly terminator: 'Enter' | 'Tab';
  /** Configured on the scanner; stripped from the read. A burst without it is refused. */
  readonly prefix: string;
}

export interface WedgeState {
  /** Characters of the burst in progress. */
  readonly buffer: string;
  /** When the last key of the burst came; null before any. */
  readonly lastAt: number | null;
  /** The burst passed maxLength: ignore keys until the burst ends. */
  readonly overflow: boolean;
}

export const initialWedgeState: WedgeState = { buffer: '', lastAt: null, overflow: false };

export type WedgeOutcome =
  /** Nothing to report yet (or it was typing). */
  | { readonly type: 'none' }
  | { readonly type: 'scan'; readonly code: string }
  | { readonly type: 'garbled'; readonly reason: 'too-long' | 'missing-prefix' };

export interface WedgeStep {
  readonly state: WedgeState;
  readonly outcome: WedgeOutcome;
  /**
   * The key belongs to a scan burst: the page should swallow it (no Enter submitting a form, no Tab moving the
   * focus). The first key of a burst cannot be known yet and is never swallowed.
   */
  readonly consumed: boolean;
}

/** Keys a scanner sends around characters (Shift for capitals) that neither add nor break a burst. */
const MODIFIERS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

const none: WedgeOutcome = { type: 'none' };

export function wedgeKey(state: WedgeState, key: string, at: number, settings: WedgeSettings): WedgeStep {
  if (MODIFIERS.has(key)) return { state, outcome: none, consumed: false };
  const inBurst = state.lastAt !== null && at - state.lastAt <= settings.maxKeyIntervalMs;

  if (key === settings.terminator) {
    const fresh = { state: initialWedgeState, consumed: inBurst };
    if (!inBurst) return { ...fresh, outcome: none };
    if (state.overflow) return { ...fresh, outcome: { type: 'garbled', reason: 'too-long' } };
    if (state.buffer.length < settings.minLength + settings.prefix.length) return { ...fresh, outcome: none };
    if (!state.buffer.startsWith(settings.prefix))
      return { ...fresh, outcome: { type: 'garbled', reason: 'missing-prefix' } };
    return { ...fresh, outcome: { type: 'scan', code: state.buffer.slice(settings.prefix.length) } };
  }

  // Only single characters (what `KeyboardEvent.key` gives for a printable key) make up a read.
  if ([...key].length !== 1) return { state: initialWedgeState, outcome: none, consumed: false };

  if (!inBurst)
    return { state: { buffer: key, lastAt: at, overflow: false }, outcome: none, consumed: false };
  if (state.overflow || state.buffer.length + 1 > settings.maxLength + settings.prefix.length)
    return { state: { buffer: '', lastAt: at, overflow: true }, outcome: none, consumed: true };
  // The second fast key shows a burst; from it on, keys are the scanner's.
  return {
    state: { buffer: state.buffer + key, lastAt: at, overflow: false },
    outcome: none,
    consumed: true,
  };
}
