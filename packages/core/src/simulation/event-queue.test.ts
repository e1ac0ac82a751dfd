import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('gives events earliest first, and those at one instant in the order they were scheduled', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const queue = new EventQueue<number>();
        for (const [i, time] of times.entries()) queue.push(time, i);
        const out: number[] = [];
        for (let e = queue.pop(); e !== undefined; e = queue.pop()) out.push(e.item);
        const expected = times.map((time, i) => ({ time, i })).sort((a, b) => a.time - b.time || a.i - b.i);
        expect(out).toEqual(expected.map((e) => e.i));
      }),
      { seed: 5 },
    );
  });

  it('reports its size and next time, +∞ when empty', () => {
    const queue = new EventQueue<string>();
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(queue.pop()).toBeUndefined();
    queue.push(5, 'b');
    queue.push(3, 'a');
    expect(queue.size).toBe(2);
    expect(queue.peekTime()).toBe(3);
  });
});
