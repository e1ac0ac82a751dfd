import type { QueueState } from './state.ts';

/**
 * A value derived from a queue state (a forecast, an outlook), found the cheap way first: the one the state carries
 * (moved on from issue to issue), else the one derived from this very state before (states are immutable, so
 * identity is enough; the weak map lets them go), else derived now and remembered. `fits` says whether a found
 * value is still about this hall, these inputs and recent enough.
 */
export function derivedPerState<T>(): (
  state: QueueState,
  carried: T | undefined,
  fits: (value: T) => boolean,
  derive: () => T,
) => T {
  const remembered = new WeakMap<QueueState, T>();
  return (state, carried, fits, derive) => {
    if (carried !== undefined && fits(carried)) return carried;
    const known = remembered.get(state);
    if (known !== undefined && fits(known)) return known;
    const value = derive();
    remembered.set(state, value);
    return value;
  };
}
