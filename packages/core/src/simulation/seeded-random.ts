/**
 * The simulator's only source of chance: a small seeded generator (mulberry32: 32 bits of state, full period
 * 2^32, fast and good enough for queueing draws), so that the same seed replays the same day on every machine.
 * The core never calls `Math.random`.
 */
export interface SeededRandom {
  /** A uniform draw in [0, 1). */
  next(): number;
  /** An exponential draw with the given mean. */
  exponential(mean: number): number;
  /** One element of a non-empty list, uniformly. */
  pick<T>(values: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function seededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer: ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // 1 − u is in (0, 1], so the logarithm is finite.
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick<T>(values: readonly T[]): T {
      if (values.length === 0) throw new RangeError('cannot pick from an empty list');
      return values[Math.floor(next() * values.length)]!;
    },
    chance: (p) => next() < p,
  };
}
