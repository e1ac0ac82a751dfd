import { HEADER_LENGTH, MAX_FRAME_LENGTH_FIELD, PREAMBLE, xorChecksum } from './codec.ts';

export type FrameIssueReason =
  /** Bytes before a preamble, or bytes that can never start a frame. */
  | 'garbage'
  /** LEN is impossible (shorter than a minimal frame or longer than the limit). */
  | 'bad-length'
  /** Checksum does not match: the frame was damaged, or its LEN was wrong and it swallowed the next frame. */
  | 'bad-checksum';

export interface FrameIssue {
  readonly reason: FrameIssueReason;
  /** How many bytes were dropped. */
  readonly bytes: number;
}

export interface FrameParserOptions {
  /** A complete, checksum-verified frame: its payload (between LEN and CHK). */
  readonly onFrame: (payload: Uint8Array) => void;
  /** Bytes skipped while resynchronising. */
  readonly onIssue?: (issue: FrameIssue) => void;
  /** Largest LEN accepted (default 4096); bounds the buffer to one frame plus one chunk. */
  readonly maxLengthField?: number;
}

export interface FrameParser {
  push(chunk: Uint8Array): void;
  /** Drops whatever partial frame is buffered (e.g. after a timeout or a baud-rate change). */
  reset(): void;
  /** Bytes currently buffered. */
  readonly buffered: number;
}

/** The smallest LEN: CMD PARA CHK (a command); a response is one longer. */
const MIN_LENGTH_FIELD = 3;

/**
 * Stream parser for GA 467 frames in either direction: finds the preamble AA AA AA 96 69 anywhere in the
 * stream, waits for the whole frame however it is split across chunks, verifies the checksum, and on any
 * problem drops bytes, reports them through `onIssue` and resynchronises on the next preamble.
 */
export function createFrameParser(options: FrameParserOptions): FrameParser {
  const maxLengthField = options.maxLengthField ?? MAX_FRAME_LENGTH_FIELD;
  let buffer = new Uint8Array(0);

  const issue = (reason: FrameIssueReason, bytes: number): void => {
    if (bytes > 0) options.onIssue?.({ reason, bytes });
  };

  /** Index of the first (possibly partial, at the end) preamble match, or -1. */
  const findPreamble = (): number => {
    outer: for (let start = 0; start < buffer.length; start += 1) {
      for (let i = 0; i < PREAMBLE.length && start + i < buffer.length; i += 1) {
        if (buffer[start + i] !== PREAMBLE[i]) continue outer;
      }
      return start;
    }
    return -1;
  };

  const drop = (count: number): void => {
    buffer = buffer.slice(count);
  };

  const drain = (): void => {
    for (;;) {
      const start = findPreamble();
      if (start < 0) {
        issue('garbage', buffer.length);
        buffer = new Uint8Array(0);
        return;
      }
      if (start > 0) {
        issue('garbage', start);
        drop(start);
      }
      if (buffer.length < HEADER_LENGTH) return;
      const len = ((buffer[5] ?? 0) << 8) | (buffer[6] ?? 0);
      if (len < MIN_LENGTH_FIELD || len > maxLengthField) {
        issue('bad-length', 1);
        drop(1);
        continue;
      }
      const total = HEADER_LENGTH + len;
      if (buffer.length < total) return;
      const checksum = xorChecksum(buffer.subarray(5, total - 1));
      if (checksum !== buffer[total - 1]) {
        // Only the first byte is certainly not a frame start; a real frame may begin inside this one.
        issue('bad-checksum', 1);
        drop(1);
        continue;
      }
      const payload = buffer.slice(HEADER_LENGTH, total - 1);
      drop(total);
      options.onFrame(payload);
    }
  };

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      const next = new Uint8Array(buffer.length + chunk.length);
      next.set(buffer, 0);
      next.set(chunk, buffer.length);
      buffer = next;
      drain();
    },
    reset() {
      buffer = new Uint8Array(0);
    },
    get buffered() {
      return buffer.length;
    },
  };
}
