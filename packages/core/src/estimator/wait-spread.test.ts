import { describe, expect, it } from 'vitest';
import { spreadOf } from './wait-spread.ts';

const MINUTE = 60_000;

describe('spreadOf', () => {
  it('gives the 20th and 80th percentile, and a point most outcomes are right for', () => {
    // Ten outcomes, 10 to 100 minutes: 20th percentile 20, 80th 80.
    const spread = spreadOf([10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((m) => m * MINUTE));
    expect(spread.lowMs).toBe(20 * MINUTE);
    expect(spread.highMs).toBe(80 * MINUTE);
    // 80 is right for 70–100 (real in 66.7–100), four outcomes; 50 only for 50 and 60.
    expect(spread.pointMs).toBe(80 * MINUTE);
    expect(spread.rightShare).toBe(0.4);
  });

  it('sits left of the median on a skewed spread, where a ±20% band catches more', () => {
    // Median 20; 10 is right for the five tens, 20 for the four twenties.
    const skewed = [10, 10, 10, 10, 10, 20, 20, 20, 20, 30, 60].map((m) => m * MINUTE);
    const spread = spreadOf(skewed);
    expect(spread.pointMs).toBe(10 * MINUTE);
    expect(spread.rightShare).toBe(5 / 11);
  });

  it('counts the 2-minute floor for short waits', () => {
    expect(spreadOf([0, 0, 30_000, 60_000, 90_000]).rightShare).toBe(1);
  });
});
