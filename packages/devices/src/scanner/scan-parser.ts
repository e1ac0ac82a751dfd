import {
  decodeScanFrame,
  ScanCodecError,
  type ScanFraming,
  type ScanGarbledReason,
  terminatorsOf,
} from './scan-framing.ts';

export type ScanParseResult =
  | { readonly type: 'scan'; readonly code: string }
  | { readonly type: 'garbled'; readonly reason: ScanGarbledReason };

/**
 * Splits the scanner's byte stream into frames at the terminator, whatever the chunking. A bad frame is reported
 * once and skipped; an over-long run without a terminator is reported when it passes the limit and then discarded
 * up to the next terminator, so memory stays bounded and the next good scan is read cleanly.
 */
export interface ScanParser {
  push(chunk: Uint8Array): ScanParseResult[];
  /** Drops a half-received frame (the line went quiet or was lost); reports it when there was one. */
  flush(): ScanParseResult | null;
  /** Bytes of the frame being received. */
  readonly pending: number;
}

export function createScanParser(framing: ScanFraming): ScanParser {
  const terminators = terminatorsOf(framing.suffix);
  const limit = framing.maxLength + framing.prefix.length;
  let buffer: number[] = [];
  /** Set after an over-long run was reported: bytes are ignored until the next terminator. */
  let discarding = false;

  const frameOf = (bytes: number[]): ScanParseResult => {
    try {
      return { type: 'scan', code: decodeScanFrame(Uint8Array.from(bytes), framing) };
    } catch (error) {
      if (error instanceof ScanCodecError) return { type: 'garbled', reason: error.reason };
      throw error;
    }
  };

  return {
    push(chunk) {
      const results: ScanParseResult[] = [];
      for (const byte of chunk) {
        if (terminators.has(byte)) {
          if (!discarding && buffer.length > 0) results.push(frameOf(buffer));
          buffer = [];
          discarding = false;
          continue;
        }
        if (discarding) continue;
        buffer.push(byte);
        if (buffer.length > limit) {
          results.push({ type: 'garbled', reason: 'too-long' });
          buffer = [];
          discarding = true;
        }
      }
      return results;
    },
    flush() {
      const had = buffer.length > 0;
      buffer = [];
      discarding = false;
      return had ? { type: 'garbled', reason: 'incomplete' } : null;
    },
    get pending() {
      return buffer.length;
    },
  };
}
