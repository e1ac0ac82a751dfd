/** A value that can be read now and watched for changes; fits React's `useSyncExternalStore(subscribe, get)`. */
export interface ReadableStore<T> {
  get(): T;
  /** Calls `listener` after every change (not with the current value); returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
}

export interface WritableStore<T> extends ReadableStore<T> {
  set(value: T): void;
}

/**
 * Calls every listener even if one throws; the first error is rethrown from a microtask so it reaches the
 * host's unhandled-error reporting without leaving the other listeners (or the caller's state) half-updated.
 */
export const notifyAll = <A extends unknown[]>(
  listeners: Iterable<(...args: A) => void>,
  ...args: A
): void => {
  let failure: { error: unknown } | null = null;
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== null) {
    const { error } = failure;
    queueMicrotask(() => {
      throw error;
    });
  }
};

/** A minimal observable value. `set` with an equal value (by `equals`, default `Object.is`) notifies nobody. */
export const createStore = <T>(initial: T, equals: (a: T, b: T) => boolean = Object.is): WritableStore<T> => {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (equals(value, next)) return;
      value = next;
      notifyAll(listeners, value);
    },
    subscribe(listener) {
      const entry = (v: T) => listener(v);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
};
