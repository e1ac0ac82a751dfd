import { describe, expect, it } from 'vitest';
import {
  averageSpeedOfAnswer,
  erlangB,
  fewestServersFor,
  probabilityOfWaiting,
  serviceLevel,
  trafficErlangs,
} from './erlang-c.ts';

/** The textbook case: 100 arrivals per 30 minutes, 3-minute handling, target 80% answered within 20 s. */
const CALL_CENTRE = { arrivals: 100, periodSeconds: 30 * 60, handlingSeconds: 180 };

describe('Erlang C', () => {
  it('computes the offered traffic in Erlangs', () => {
    expect(trafficErlangs(CALL_CENTRE)).toBeCloseTo(10, 12);
  });

  it('matches the known values: 14 servers → 0.888, 13 servers → 0.796 within 20 s', () => {
    expect(serviceLevel(CALL_CENTRE, 14, 20)).toBeCloseTo(0.888, 3);
    expect(serviceLevel(CALL_CENTRE, 13, 20)).toBeCloseTo(0.796, 3);
    expect(fewestServersFor(CALL_CENTRE, { share: 0.8, targetSeconds: 20 })).toBe(14);
  });

  it('gives the probability of waiting and the average speed of answer', () => {
    // Published figures for A = 10 Erlangs, 14 servers: Pw ≈ 0.1741, ASA ≈ 7.8 s.
    expect(probabilityOfWaiting(10, 14)).toBeCloseTo(0.1741, 3);
    expect(averageSpeedOfAnswer(CALL_CENTRE, 14)).toBeCloseTo((0.17405 * 180) / 4, 0);
    // One server, M/M/1: Pw = ρ, and Erlang B by hand for two servers.
    expect(probabilityOfWaiting(0.6, 1)).toBeCloseTo(0.6, 12);
    expect(erlangB(2, 2)).toBeCloseTo(2 / (1 + 2 + 2), 12);
  });

  it('is saturated when the servers cannot keep up, and idle with no traffic', () => {
    expect(probabilityOfWaiting(10, 10)).toBe(1);
    expect(serviceLevel(CALL_CENTRE, 9, 20)).toBe(0);
    expect(averageSpeedOfAnswer(CALL_CENTRE, 10)).toBe(Number.POSITIVE_INFINITY);
    const none = { ...CALL_CENTRE, arrivals: 0 };
    expect(probabilityOfWaiting(0, 3)).toBe(0);
    expect(serviceLevel(none, 0, 20)).toBe(1);
    expect(fewestServersFor(none, { share: 0.8, targetSeconds: 20 })).toBe(0);
  });

  it('stays finite and monotone up to 500 Erlangs (no factorial overflow)', () => {
    const big = { arrivals: 5000, periodSeconds: 1800, handlingSeconds: 180 }; // 500 Erlangs
    expect(trafficErlangs(big)).toBeCloseTo(500, 9);
    const servers = fewestServersFor(big, { share: 0.8, targetSeconds: 20 });
    expect(servers).toBeGreaterThan(500);
    expect(servers).toBeLessThan(540);
    const below = serviceLevel(big, servers - 1, 20);
    const at = serviceLevel(big, servers, 20);
    expect(Number.isFinite(below) && Number.isFinite(at)).toBe(true);
    expect(below).toBeLessThan(0.8);
    expect(at).toBeGreaterThanOrEqual(0.8);
    let previous = 1;
    for (let c = 501; c <= 560; c += 1) {
      const pw = probabilityOfWaiting(500, c);
      expect(pw).toBeGreaterThan(0);
      expect(pw).toBeLessThanOrEqual(previous);
      previous = pw;
    }
  });

  it('rejects impossible input with a clear error', () => {
    expect(() => trafficErlangs({ ...CALL_CENTRE, periodSeconds: 0 })).toThrow(/period/);
    expect(() => trafficErlangs({ ...CALL_CENTRE, arrivals: -1 })).toThrow(/arrivals/);
    expect(() => erlangB(10, 2.5)).toThrow(/whole number/);
    expect(() => fewestServersFor(CALL_CENTRE, { share: 1, targetSeconds: 20 })).toThrow(/share/);
    expect(() => serviceLevel(CALL_CENTRE, 14, Number.NaN)).toThrow(/target/);
  });
});
