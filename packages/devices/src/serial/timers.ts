/** Cancels a scheduled callback; calling it after the callback ran is harmless. */
export type CancelTimer = () => void;

/**
 * The only way the serial layer and the drivers wait. Production uses {@link systemTimers}; tests inject
 * `createManualTimers()` from `@hallq/devices/testing` and advance time explicitly.
 */
export interface Timers {
  /** Runs `callback` once after `ms` milliseconds. */
  set(callback: () => void, ms: number): CancelTimer;
}

export const systemTimers: Timers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};
