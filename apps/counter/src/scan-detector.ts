/**
 * A USB barcode scanner works as a keyboard: it types the code's characters a few milliseconds apart and ends
 * with Enter. A person does not type that fast. This tells the two apart from key names and times alone, so a
 * scan is taken wherever the focus is (not in a text field, which takes it by itself) and the function keys
 * stay the clerk's: they are never part of a scan.
 */
export interface ScanDetectorOptions {
  /** The longest gap between two keys of one scan. */
  readonly maxGapMs: number;
  /** Fewer characters than this before Enter is a person's key, not a scan. */
  readonly minLength: number;
}

export const SCANNER_DEFAULTS: ScanDetectorOptions = { maxGapMs: 50, minLength: 4 };

/** Characters a case number (办件编号) is made of. */
const SCAN_CHARACTER = /^[A-Za-z0-9-]$/;

export function createScanDetector(options: ScanDetectorOptions = SCANNER_DEFAULTS) {
  let buffer = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    /**
     * Feeds one key (its `KeyboardEvent.key`) pressed at `at` ms. Returns the scanned text when this key is the
     * Enter that ends a scan, otherwise null.
     */
    feed(key: string, at: number): string | null {
      const fast = at - lastAt <= options.maxGapMs;
      lastAt = at;
      if (key === 'Enter') {
        const scanned = fast && buffer.length >= options.minLength ? buffer : null;
        buffer = '';
        return scanned;
      }
      if (!SCAN_CHARACTER.test(key)) {
        buffer = '';
        return null;
      }
      // A slow key starts over: what came before it was typed by a person.
      buffer = fast ? buffer + key : key;
      return null;
    },
    reset(): void {
      buffer = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
