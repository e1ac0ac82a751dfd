import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('grows exponentially and is capped', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5, 30].map((attempt) => backoffDelay(attempt, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });
});
