import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

const draws = (seed: number, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('seededRandom', () => {
  it('replays the same sequence for the same seed, and another for another seed', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    expect(draws(42, 100)).not.toEqual(draws(43, 100));
  });

  it('draws uniformly in [0, 1): mean ½, variance 1/12, every decile filled', () => {
    const values = draws(7, 100_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    const deciles = new Array<number>(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]! += 1;
    for (const count of deciles) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws exponentials with the asked mean, picks from a list, and rejects a bad seed', () => {
    const random = seededRandom(3);
    const n = 50_000;
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += random.exponential(4);
    expect(sum / n).toBeGreaterThan(3.9);
    expect(sum / n).toBeLessThan(4.1);
    expect(['a', 'b', 'c']).toContain(random.pick(['a', 'b', 'c']));
    expect(() => random.pick([])).toThrow(/empty/);
    expect(() => seededRandom(1.5)).toThrow(/integer/);
  });
});
