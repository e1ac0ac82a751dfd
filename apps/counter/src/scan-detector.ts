/**
 * A USB barcode scanner works as a keyboard: it types the code's characters a few milliseconds apart and ends
 * with Enter. A person does not type that fast. This tells the two apart from key names and times alone, so a
 * scan is taken wherever the focus is (not in a text field, which takes it by itself) and the function keys
 * stay the clerk's: they are never part of a scan.
 *
 * The test is the burst's average pace, not each gap: a busy terminal delivers a scanner's keys unevenly (a
 * 100 ms stall between two 8 ms gaps), and a scan cut at a stall would attach the wrong number. A pause longer
 * than `maxGapMs` ends a burst: what came before it was typed by a person.
 */
export interface ScanDetectorOptions {
  /** The longest pause inside one burst. */
  readonly maxGapMs: number;
  /** The slowest average pace (ms per key, Enter included) that is still a scanner. */
  readonly maxAverageGapMs: number;
  /** Fewer characters than this before Enter is a person's key, not a scan. */
  readonly minLength: number;
}

export const SCANNER_DEFAULTS: ScanDetectorOptions = { maxGapMs: 250, maxAverageGapMs: 35, minLength: 4 };

/** Characters a case number (办件编号) is made of. */
const SCAN_CHARACTER = /^[A-Za-z0-9-]$/;

export function createScanDetector(options: ScanDetectorOptions = SCANNER_DEFAULTS) {
  let buffer = '';
  let startedAt = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    /**
     * Feeds one key (its `KeyboardEvent.key`) pressed at `at` ms. Returns the scanned text when this key is the
     * Enter that ends a scan, otherwise null.
     */
    feed(key: string, at: number): string | null {
      const paused = at - lastAt > options.maxGapMs;
      lastAt = at;
      if (key === 'Enter') {
        const pace = (at - startedAt) / Math.max(buffer.length, 1);
        const scanned =
          !paused && buffer.length >= options.minLength && pace <= options.maxAverageGapMs ? buffer : null;
        buffer = '';
        return scanned;
      }
      if (!SCAN_CHARACTER.test(key)) {
        buffer = '';
        return null;
      }
      if (paused || buffer === '') {
        buffer = key;
        startedAt = at;
      } else buffer += key;
      return null;
    },
    reset(): void {
      buffer = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
