import { describe, expect, it } from 'vitest';
import { createScanDetector } from './scan-detector.ts';

/** Feeds `keys` `gapMs` apart from `start`; returns what the last key gave. */
function feedAll(
  detector: ReturnType<typeof createScanDetector>,
  keys: string[],
  gapMs: number,
  start = 1000,
) {
  let result: string | null = null;
  keys.forEach((key, i) => {
    result = detector.feed(key, start + i * gapMs);
  });
  return result;
}

describe('the barcode scan detector', () => {
  it('takes fast characters ending in Enter as a scan', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, [...'SP-2026-000123', 'Enter'], 5)).toBe('SP-2026-000123');
  });

  it('does not take a person typing at human speed', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, [...'SP-1234', 'Enter'], 120)).toBeNull();
  });

  it('does not take a short burst (a key and Enter pressed together)', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, ['a', 'b', 'Enter'], 5)).toBeNull();
  });

  it('drops what a person typed before the scan began', () => {
    const detector = createScanDetector();
    detector.feed('x', 0);
    detector.feed('y', 300);
    expect(feedAll(detector, [...'CASE42', 'Enter'], 5, 900)).toBe('CASE42');
  });

  it('keeps a scan whole through a stall of a busy terminal', () => {
    const detector = createScanDetector();
    const times = [0, 133, 151, 166, 190, 207, 218, 239, 249, 256, 263, 271, 283, 290, 298];
    const keys = [...'SP-2026-000789', 'Enter'];
    const results = keys.map((key, i) => detector.feed(key, 1000 + times[i]!));
    expect(results.at(-1)).toBe('SP-2026-000789');
  });

  it('does not take a fast typist (80 ms a key) for a scanner', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, [...'ABCDEFGH', 'Enter'], 80)).toBeNull();
  });

  it('never takes a function key into a scan, and starts over after one', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, ['A', 'B', 'F1', 'C', 'D', 'Enter'], 5)).toBeNull();
    expect(feedAll(detector, ['F4', ...'ABCDE', 'Enter'], 5, 5000)).toBe('ABCDE');
  });

  it('refuses characters a case number cannot hold', () => {
    const detector = createScanDetector();
    expect(feedAll(detector, [...'AB C1', 'Enter'], 5)).toBeNull();
  });
});
