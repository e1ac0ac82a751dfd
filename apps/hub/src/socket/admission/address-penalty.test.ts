import { describe, expect, it } from 'vitest';
import { createAddressPenalty } from './address-penalty.ts';

const settings = {
  burst: 3,
  perSecond: 1,
  blockMs: 2_000,
  maxBlockMs: 8_000,
  maxAddresses: 4,
  maxHeldPerAddress: 0,
  maxHeld: 0,
  probationGapMs: 500,
};

describe('address penalty', () => {
  it('forgives a burst of strikes, then blocks for blockMs', () => {
    const penalty = createAddressPenalty(settings);
    for (let i = 0; i < 3; i += 1) penalty.strike('a', 0);
    expect(penalty.isBlocked('a', 0)).toBe(false);
    penalty.strike('a', 0);
    expect(penalty.isBlocked('a', 0)).toBe(true);
    expect(penalty.isBlocked('a', 1_999)).toBe(true);
    expect(penalty.isBlocked('a', 2_000)).toBe(false);
    expect(penalty.isBlocked('b', 0)).toBe(false);
  });

  it('forgives strikes at its rate: one a second never blocks', () => {
    const penalty = createAddressPenalty(settings);
    for (let t = 0; t < 60_000; t += 1_000) penalty.strike('a', t);
    expect(penalty.isBlocked('a', 60_000)).toBe(false);
    expect(penalty.counts(60_000).blocks).toBe(0);
  });

  it('doubles the block while the address goes on, up to the maximum, and starts again once it stops', () => {
    const penalty = createAddressPenalty(settings);
    const blockAfterStrikes = (at: number) => {
      for (let i = 0; i < 5; i += 1) penalty.strike('a', at);
      let until = at;
      while (penalty.isBlocked('a', until)) until += 100;
      return until - at;
    };
    expect(blockAfterStrikes(0)).toBe(2_000);
    expect(blockAfterStrikes(2_000)).toBe(4_000);
    expect(blockAfterStrikes(6_000)).toBe(8_000);
    expect(blockAfterStrikes(14_000)).toBe(8_000);
    // Clean for the longest block: the next one is short again.
    expect(blockAfterStrikes(14_000 + 8_000 + 8_000)).toBe(2_000);
  });

  it('forgives nothing during a block: the first strike after it blocks again, for twice as long', () => {
    const penalty = createAddressPenalty(settings);
    for (let i = 0; i < 4; i += 1) penalty.strike('a', 0);
    expect(penalty.isBlocked('a', 2_000)).toBe(false);
    penalty.strike('a', 2_000);
    expect(penalty.isBlocked('a', 5_999)).toBe(true);
    expect(penalty.isBlocked('a', 6_000)).toBe(false);
    // Clean for a while after the block, it is forgiven at the usual rate again.
    penalty.strike('a', 9_000);
    expect(penalty.isBlocked('a', 9_000)).toBe(false);
  });

  it('strikes while blocked do not lengthen the block', () => {
    const penalty = createAddressPenalty(settings);
    for (let i = 0; i < 4; i += 1) penalty.strike('a', 0);
    for (let i = 0; i < 100; i += 1) penalty.strike('a', 1_000);
    expect(penalty.isBlocked('a', 2_000)).toBe(false);
  });

  it('remembers a bounded number of addresses, keeping blocked ones over clean ones', () => {
    const penalty = createAddressPenalty(settings);
    for (let i = 0; i < 4; i += 1) penalty.strike('blocked', 0);
    for (let i = 0; i < 1_000; i += 1) penalty.strike(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(penalty.counts(0).remembered).toBe(4);
    expect(penalty.isBlocked('blocked', 0)).toBe(true);
  });

  it('lets an address in at once until its first block; after it, one connection per gap until clean for maxBlockMs', () => {
    const penalty = createAddressPenalty(settings);
    expect(penalty.admissionWait('a', 0)).toBe(0);
    expect(penalty.admissionWait('a', 0)).toBe(0);
    for (let i = 0; i < 4; i += 1) penalty.strike('a', 0);
    expect(penalty.admissionWait('a', 500)).toBe(1_500);
    // The block is over: the first comes in, the next waits out the gap, then one more.
    expect(penalty.admissionWait('a', 2_000)).toBe(0);
    expect(penalty.admissionWait('a', 2_000)).toBe(500);
    expect(penalty.admissionWait('a', 2_300)).toBe(200);
    expect(penalty.admissionWait('a', 2_500)).toBe(0);
    // Another address is not paced; once clean for 8 s (maxBlockMs) neither is this one.
    expect(penalty.admissionWait('b', 2_500)).toBe(0);
    expect(penalty.admissionWait('a', 10_000)).toBe(0);
    expect(penalty.admissionWait('a', 10_000)).toBe(0);
  });
});
