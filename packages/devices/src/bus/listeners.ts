import type { Unsubscribe } from '../serial/index.ts';

/** A tiny typed listener set (no EventEmitter: no string event names, no `any`). */
export interface Listeners<T> {
  add(listener: (value: T) => void): Unsubscribe;
  emit(value: T): void;
}

export function createListeners<T>(onListenerError?: (error: unknown) => void): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value) {
      for (const listener of [...set]) {
        try {
          listener(value);
        } catch (error) {
          // A faulty listener must not stop the others or the polling loop.
          if (onListenerError) onListenerError(error);
          else throw error;
        }
      }
    },
  };
}
