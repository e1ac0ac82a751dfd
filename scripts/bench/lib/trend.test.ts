import { describe, expect, it } from 'vitest';
import { linearFit } from './trend.ts';

describe('linearFit', () => {
  it('recovers the line through exact points', () => {
    const fit = linearFit([0, 1, 2, 3].map((x) => ({ x, y: 2 * x + 5 })));
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(5);
    expect(fit.r2).toBeCloseTo(1);
  });

  it('a flat series has slope 0; noise around a flat line has a small R²', () => {
    expect(linearFit([1, 2, 3].map((x) => ({ x, y: 7 })))).toMatchObject({ slope: 0, intercept: 7, r2: 1 });
    const noisy = linearFit([5, 9, 5, 9, 5, 9].map((y, x) => ({ x, y })));
    expect(Math.abs(noisy.slope)).toBeLessThan(0.5);
    expect(noisy.r2).toBeLessThan(0.2);
  });

  it('fewer than two points give no line', () => {
    expect(Number.isNaN(linearFit([{ x: 1, y: 1 }]).slope)).toBe(true);
  });
});
