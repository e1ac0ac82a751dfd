import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isFailing, retryDelayMs } from './retry-schedule.ts';

describe('retryDelayMs', () => {
  it('doubles from a second, with jitter between half and the whole step', () => {
    expect(retryDelayMs(1, 0)).toBe(500);
    expect(retryDelayMs(1, 0.999999)).toBe(1000);
    expect(retryDelayMs(2, 0)).toBe(1000);
    expect(retryDelayMs(3, 0.5)).toBe(3000);
    expect(retryDelayMs(9, 1)).toBe(256_000);
  });

  it('is capped at five minutes, however many failures', () => {
    expect(retryDelayMs(10, 1)).toBe(DEFAULT_RETRY_POLICY.capMs);
    expect(retryDelayMs(1_000, 1)).toBe(DEFAULT_RETRY_POLICY.capMs);
    expect(retryDelayMs(1_000, 0)).toBe(DEFAULT_RETRY_POLICY.capMs / 2);
  });

  it('never waits zero, and takes any random number in stride', () => {
    for (const random of [-1, 0, 0.3, 1, 2, Number.NaN]) {
      const delay = retryDelayMs(1, Number.isNaN(random) ? 0 : random);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });

  it('reaches 24 hours of retries in a bounded number of attempts', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < DEFAULT_RETRY_POLICY.failingAfterMs) {
      attempts += 1;
      elapsed += retryDelayMs(attempts, 0.5);
    }
    // 9 doublings to the cap, then about five minutes each: some 380 attempts a day, not a flood.
    expect(attempts).toBeGreaterThan(300);
    expect(attempts).toBeLessThan(450);
  });
});

describe('isFailing', () => {
  it('is failing only after failing for the whole window', () => {
    const day = DEFAULT_RETRY_POLICY.failingAfterMs;
    expect(isFailing(null, day * 10)).toBe(false);
    expect(isFailing(0, day - 1)).toBe(false);
    expect(isFailing(0, day)).toBe(true);
  });
});
