import { describe, expect, it } from 'vitest';
import { derivedPerState } from './state-memo.ts';
import { hallFixture, local } from './testing/hall-fixture.ts';
import { initialQueueState } from './transition.ts';

const state = () => initialQueueState(hallFixture(), local('2026-11-28T09:00'));

describe('derivedPerState', () => {
  it('takes the carried value when it fits, without deriving', () => {
    const memo = derivedPerState<{ readonly n: number }>();
    let derived = 0;
    const carried = { n: 1 };
    const value = memo(
      state(),
      carried,
      () => true,
      () => ({ n: ++derived }),
    );
    expect(value).toBe(carried);
    expect(derived).toBe(0);
  });

  it('derives once per state, and again for another state or when the remembered value no longer fits', () => {
    const memo = derivedPerState<{ readonly n: number }>();
    let derived = 0;
    const derive = () => ({ n: ++derived });
    const a = state();
    const first = memo(a, { n: -1 }, (v) => v.n > 0, derive);
    expect(memo(a, undefined, (v) => v.n > 0, derive)).toBe(first);
    expect(derived).toBe(1);
    expect(memo(state(), undefined, (v) => v.n > 0, derive).n).toBe(2);
    expect(memo(a, undefined, (v) => v.n > 1, derive).n).toBe(3);
  });
});
