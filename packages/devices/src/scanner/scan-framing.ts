/**
 * How a serial barcode / QR scanner frames one read: `[prefix] code suffix`. Almost every scanner sold for
 * kiosks (Honeywell, Zebra, Newland, 新大陆, 霍尼韦尔 in "USB COM" or RS-232 mode) sends the decoded text as is,
 * followed by a configurable terminator (CR by default, often CR LF), with an optional prefix string set by
 * scanning a programming barcode. This file is the pure codec: bytes ↔ one scan.
 */

export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | 'TAB';

export interface ScanFraming {
  /** Sent before every code ('' = none). Printable ASCII. */
  readonly prefix: string;
  readonly suffix: ScanSuffix;
  /** Longest code accepted (the text between prefix and suffix), in bytes. */
  readonly maxLength: number;
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

export const SUFFIX_BYTES: Readonly<Record<ScanSuffix, readonly number[]>> = {
  CR: [CR],
  LF: [LF],
  CRLF: [CR, LF],
  TAB: [TAB],
};

/**
 * Bytes that end a frame. CR and LF are both accepted whichever of CR, LF or CRLF is configured: a scanner
 * reprogrammed from CR to CRLF (a common field change) then still works, and the empty frame between CR and
 * LF is skipped.
 */
export const terminatorsOf = (suffix: ScanSuffix): ReadonlySet<number> =>
  suffix === 'TAB' ? new Set([TAB]) : new Set([CR, LF]);

/** Why a frame was thrown away. */
export type ScanGarbledReason = 'not-text' | 'too-long' | 'missing-prefix' | 'incomplete';

export class ScanCodecError extends Error {
  readonly code = 'SCAN_GARBLED';
  readonly reason: ScanGarbledReason;
  constructor(reason: ScanGarbledReason, message: string) {
    super(message);
    this.name = 'ScanCodecError';
    this.reason = reason;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Control characters (other than the terminators, which never reach here) mean line noise or a wrong baud rate. */
const isControl = (byte: number): boolean => byte < 0x20 || byte === 0x7f;

/**
 * Decodes the bytes of one frame without its terminator into the scanned code. Throws `ScanCodecError` when
 * the bytes are not UTF-8 text (QR codes may carry Chinese), contain control characters, lack the configured
 * prefix, or are longer than `maxLength`.
 */
export function decodeScanFrame(bytes: Uint8Array, framing: ScanFraming): string {
  if (bytes.length > framing.maxLength + framing.prefix.length)
    throw new ScanCodecError('too-long', `scan of ${bytes.length} bytes exceeds ${framing.maxLength}`);
  if (bytes.some(isControl)) throw new ScanCodecError('not-text', 'scan contains control bytes');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ScanCodecError('not-text', 'scan is not UTF-8 text');
  }
  if (!text.startsWith(framing.prefix))
    throw new ScanCodecError('missing-prefix', 'scan does not start with the configured prefix');
  return text.slice(framing.prefix.length);
}

/** The bytes a scanner sends for `code` (the simulator's side of the codec). */
export function encodeScanFrame(code: string, framing: ScanFraming): Uint8Array {
  const body = encoder.encode(`${framing.prefix}${code}`);
  const suffix = SUFFIX_BYTES[framing.suffix];
  const frame = new Uint8Array(body.length + suffix.length);
  frame.set(body, 0);
  frame.set(suffix, body.length);
  return frame;
}
