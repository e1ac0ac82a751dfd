import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore, notifyAll } from './store.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createStore', () => {
  it('notifies subscribers of changes only, until they unsubscribe', () => {
    const store = createStore('connecting');
    const seen: string[] = [];
    const off = store.subscribe((v) => seen.push(v));

    store.set('connected');
    store.set('connected');
    off();
    store.set('disconnected');

    expect(seen).toEqual(['connected']);
    expect(store.get()).toBe('disconnected');
  });

  it('uses the given equality', () => {
    const store = createStore({ n: 1 }, (a, b) => a.n === b.n);
    const seen: number[] = [];
    store.subscribe((v) => seen.push(v.n));
    store.set({ n: 1 });
    store.set({ n: 2 });
    expect(seen).toEqual([2]);
  });
});

describe('notifyAll', () => {
  it('calls every listener when one throws, and rethrows the first error from a microtask', () => {
    const deferred: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => deferred.push(task));
    const seen: number[] = [];

    notifyAll(
      [
        () => {
          throw new Error('first');
        },
        (n: number) => seen.push(n),
        () => {
          throw new Error('second');
        },
      ],
      7,
    );

    expect(seen).toEqual([7]);
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]?.()).toThrow('first');
  });
});
