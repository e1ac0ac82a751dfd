import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptySortedMap, type SortedMap } from './sorted-map.ts';

const byNumber = (a: number, b: number) => a - b;

type Op = { kind: 'set'; key: number; value: string } | { kind: 'delete'; key: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 60 }), value: fc.string() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 60 }) }),
);

/** What a sorted map must hold: the model's entries, in key order. */
const sortedEntries = (model: Map<number, string>) => [...model].sort(([a], [b]) => a - b);

describe('SortedMap', () => {
  it('holds what a Map would, in key order, after any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        let map: SortedMap<number, string> = emptySortedMap(byNumber);
        const model = new Map<number, string>();
        for (const op of ops) {
          if (op.kind === 'set') {
            map = map.set(op.key, op.value);
            model.set(op.key, op.value);
          } else {
            map = map.delete(op.key);
            model.delete(op.key);
          }
          expect(map.size).toBe(model.size);
        }
        expect([...map.entries()]).toEqual(sortedEntries(model));
        expect([...map.keys()]).toEqual(sortedEntries(model).map(([k]) => k));
        expect(map.first()).toEqual(sortedEntries(model)[0]);
        for (let key = 0; key <= 60; key += 1) {
          expect(map.get(key)).toBe(model.get(key));
          expect(map.has(key)).toBe(model.has(key));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leaves every older version as it was (persistence)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const versions: { map: SortedMap<number, string>; entries: [number, string][] }[] = [];
        let map: SortedMap<number, string> = emptySortedMap(byNumber);
        const model = new Map<number, string>();
        for (const op of ops) {
          map = op.kind === 'set' ? map.set(op.key, op.value) : map.delete(op.key);
          if (op.kind === 'set') model.set(op.key, op.value);
          else model.delete(op.key);
          versions.push({ map, entries: sortedEntries(model) });
        }
        for (const version of versions) expect([...version.map.entries()]).toEqual(version.entries);
      }),
      { numRuns: 100 },
    );
  });

  it('stays balanced: ascending inserts of 100,000 keys keep lookups logarithmic (no stack overflow, bounded depth)', () => {
    let map: SortedMap<number, number> = emptySortedMap(byNumber);
    for (let i = 0; i < 100_000; i += 1) map = map.set(i, i);
    // An AVL tree of n nodes is at most 1.44·log2(n + 2) high; a path longer than that would mean it degenerated.
    const height = (map as unknown as { root: { height: number } }).root.height;
    expect(height).toBeLessThanOrEqual(Math.ceil(1.44 * Math.log2(100_002)));
    for (let i = 0; i < 100_000; i += 2) map = map.delete(i);
    expect(map.size).toBe(50_000);
    expect(map.first()).toEqual([1, 1]);
  });

  it('deleting a missing key returns the same map', () => {
    const map = emptySortedMap<number, string>(byNumber).set(1, 'a');
    expect(map.delete(2)).toBe(map);
  });

  it('holds only data, so a state holding it can be cloned and frozen', () => {
    const map = emptySortedMap<number, string>(byNumber).set(2, 'b').set(1, 'a');
    expect(() => structuredClone(map)).not.toThrow();
    expect(Object.values(map).some((v) => typeof v === 'function')).toBe(false);
  });
});

describe('SortedMap.last', () => {
  it('is the largest entry after any sets and deletes, and undefined when empty', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }))), (ops) => {
        let map: SortedMap<number, number> = emptySortedMap((a: number, b: number) => a - b);
        for (const [add, key] of ops) map = add ? map.set(key, key) : map.delete(key);
        const entries = [...map.entries()];
        expect(map.last()).toEqual(entries.at(-1));
      }),
    );
  });
});
