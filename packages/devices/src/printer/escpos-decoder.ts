/**
 * ESC/POS bytes → what a printer would put on paper: text lines with their size, alignment and bold, QR payloads,
 * cuts, and the real-time status requests found in the stream. Pure; used by the simulator and by tests.
 *
 * Text inside FS & … FS . is GB18030 (1, 2 or 4 bytes per character); outside it every byte is one ASCII character
 * and a byte ≥ 0x80 decodes to U+FFFD, so Chinese sent without FS & shows up in tests instead of passing silently.
 * The stream decoder accepts arbitrary chunk boundaries: an incomplete command waits for the next chunk.
 */
import iconv from 'iconv-lite';

export type TextAlign = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial';

export interface DecodedLine {
  readonly text: string;
  readonly align: TextAlign;
  readonly bold: boolean;
  /** Character width multiplier, 1-8 (GS ! high nibble + 1, or ESC ! bit 5). */
  readonly widthScale: number;
  /** Character height multiplier, 1-8. */
  readonly heightScale: number;
}

export type EscPosEvent =
  | { readonly type: 'line'; readonly line: DecodedLine }
  | { readonly type: 'qr'; readonly payload: string }
  | { readonly type: 'cut'; readonly cut: CutKind }
  | { readonly type: 'status-request'; readonly n: number };

export interface DecodedPrintout {
  readonly lines: readonly DecodedLine[];
  readonly qrCodes: readonly string[];
  readonly cuts: readonly CutKind[];
  readonly statusRequests: readonly number[];
}

export interface EscPosStreamDecoder {
  /** Feeds bytes; returns the events completed by them, in order. */
  push(chunk: Uint8Array): EscPosEvent[];
  /** Ends the stream: text without a final line feed becomes a line. Returns those events. */
  end(): EscPosEvent[];
  /** Bytes held back because they are the start of an incomplete command. */
  readonly pendingBytes: number;
}

const INCOMPLETE = -1;

interface Style {
  align: TextAlign;
  bold: boolean;
  widthScale: number;
  heightScale: number;
}

const defaultStyle = (): Style => ({ align: 'left', bold: false, widthScale: 1, heightScale: 1 });

const alignOf = (n: number): TextAlign => {
  if (n === 1 || n === 0x31) return 'center';
  if (n === 2 || n === 0x32) return 'right';
  return 'left';
};

/** GS V m: full cut for 0/48/65/97/103, partial for 1/49/66/98/104. */
const cutOf = (m: number): CutKind => ([1, 49, 66, 98, 104].includes(m) ? 'partial' : 'full');

export const createEscPosStreamDecoder = (): EscPosStreamDecoder => {
  let pending: Buffer = Buffer.alloc(0);
  let style = defaultStyle();
  let chinese = false;
  let text = '';
  let lineStyle: Style | null = null;
  let qrData: string | null = null;
  let events: EscPosEvent[] = [];

  const appendText = (s: string): void => {
    if (lineStyle === null) lineStyle = { ...style };
    text += s;
  };
  const emitLine = (): void => {
    const s = lineStyle ?? style;
    events.push({
      type: 'line',
      line: { text, align: s.align, bold: s.bold, widthScale: s.widthScale, heightScale: s.heightScale },
    });
    text = '';
    lineStyle = null;
  };
  const flushPartialLine = (): void => {
    if (lineStyle !== null) emitLine();
  };

  // Each step* function returns the index after the command at `i`, or INCOMPLETE to wait for more bytes.
  const need = (buf: Buffer, i: number, length: number): boolean => i + length <= buf.length;

  const stepDle = (buf: Buffer, i: number): number => {
    if (!need(buf, i, 2)) return INCOMPLETE;
    const c = buf[i + 1];
    if (c === 0x04 || c === 0x05) {
      if (!need(buf, i, 3)) return INCOMPLETE;
      if (c === 0x04) events.push({ type: 'status-request', n: buf[i + 2]! });
      return i + 3;
    }
    if (c === 0x14) return need(buf, i, 5) ? i + 5 : INCOMPLETE;
    return i + 1;
  };

  const stepEsc = (buf: Buffer, i: number): number => {
    if (!need(buf, i, 2)) return INCOMPLETE;
    const c = buf[i + 1]!;
    const withArg = (apply: (n: number) => void, length = 3): number => {
      if (!need(buf, i, length)) return INCOMPLETE;
      apply(buf[i + 2]!);
      return i + length;
    };
    switch (c) {
      case 0x40: // ESC @: initialise; drops unprinted text
        style = defaultStyle();
        text = '';
        lineStyle = null;
        return i + 2;
      case 0x61: // ESC a n
        return withArg((n) => {
          style.align = alignOf(n);
        });
      case 0x45: // ESC E n
      case 0x47: // ESC G n
        return withArg((n) => {
          style.bold = (n & 1) === 1;
        });
      case 0x21: // ESC ! n
        return withArg((n) => {
          style.bold = (n & 0x08) !== 0;
          style.heightScale = n & 0x10 ? 2 : 1;
          style.widthScale = n & 0x20 ? 2 : 1;
        });
      case 0x64: // ESC d n: print and feed n lines
      case 0x4a: // ESC J n: print and feed n dots
        return withArg(flushPartialLine);
      case 0x70: // ESC p m t1 t2
        return need(buf, i, 5) ? i + 5 : INCOMPLETE;
      case 0x42: // ESC B n t
        return need(buf, i, 4) ? i + 4 : INCOMPLETE;
      case 0x24: // ESC $ nL nH
      case 0x5c: // ESC \ nL nH
        return need(buf, i, 4) ? i + 4 : INCOMPLETE;
      case 0x63: // ESC c 3/4/5 n
        return need(buf, i, 4) ? i + 4 : INCOMPLETE;
      case 0x2a: {
        // ESC * m nL nH d…
        if (!need(buf, i, 5)) return INCOMPLETE;
        const dots = buf[i + 3]! + 256 * buf[i + 4]!;
        const length = 5 + dots * (buf[i + 2]! >= 32 ? 3 : 1);
        return need(buf, i, length) ? i + length : INCOMPLETE;
      }
      case 0x44: {
        // ESC D n1 … NUL
        const end = buf.indexOf(0, i + 2);
        return end === -1 ? INCOMPLETE : end + 1;
      }
      case 0x32: // ESC 2
      case 0x3c: // ESC <
        return i + 2;
      default: // ESC - M t R { V r 3 U = SP T % …: one argument byte
        return need(buf, i, 3) ? i + 3 : INCOMPLETE;
    }
  };

  const stepGsParen = (buf: Buffer, i: number): number => {
    if (!need(buf, i, 5)) return INCOMPLETE;
    const length = 5 + buf[i + 3]! + 256 * buf[i + 4]!;
    if (!need(buf, i, length)) return INCOMPLETE;
    if (buf[i + 2] === 0x6b && length >= 8 && buf[i + 5] === 0x31) {
      const fn = buf[i + 6];
      if (fn === 0x50) qrData = buf.subarray(i + 8, i + length).toString('latin1');
      if (fn === 0x51 && qrData !== null) {
        flushPartialLine();
        events.push({ type: 'qr', payload: qrData });
      }
    }
    return i + length;
  };

  const stepGs = (buf: Buffer, i: number): number => {
    if (!need(buf, i, 2)) return INCOMPLETE;
    const c = buf[i + 1]!;
    switch (c) {
      case 0x21: // GS ! n
        if (!need(buf, i, 3)) return INCOMPLETE;
        style.widthScale = (buf[i + 2]! >> 4) + 1;
        style.heightScale = (buf[i + 2]! & 0x0f) + 1;
        return i + 3;
      case 0x56: {
        // GS V m [n]
        if (!need(buf, i, 3)) return INCOMPLETE;
        const m = buf[i + 2]!;
        const length = m >= 65 ? 4 : 3;
        if (!need(buf, i, length)) return INCOMPLETE;
        flushPartialLine();
        events.push({ type: 'cut', cut: cutOf(m) });
        return i + length;
      }
      case 0x28: // GS ( k … and the other GS ( functions
        return stepGsParen(buf, i);
      case 0x6b: {
        // GS k m …
        if (!need(buf, i, 3)) return INCOMPLETE;
        const m = buf[i + 2]!;
        if (m <= 6) {
          const end = buf.indexOf(0, i + 3);
          return end === -1 ? INCOMPLETE : end + 1;
        }
        if (!need(buf, i, 4)) return INCOMPLETE;
        const length = 4 + buf[i + 3]!;
        return need(buf, i, length) ? i + length : INCOMPLETE;
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d…
        if (!need(buf, i, 8)) return INCOMPLETE;
        const length = 8 + (buf[i + 4]! + 256 * buf[i + 5]!) * (buf[i + 6]! + 256 * buf[i + 7]!);
        return need(buf, i, length) ? i + length : INCOMPLETE;
      }
      case 0x4c: // GS L nL nH
      case 0x57: // GS W nL nH
      case 0x50: // GS P x y
        return need(buf, i, 4) ? i + 4 : INCOMPLETE;
      default: // GS B H f h w b r a I / …: one argument byte
        return need(buf, i, 3) ? i + 3 : INCOMPLETE;
    }
  };

  const stepFs = (buf: Buffer, i: number): number => {
    if (!need(buf, i, 2)) return INCOMPLETE;
    const c = buf[i + 1];
    if (c === 0x26) {
      chinese = true;
      return i + 2;
    }
    if (c === 0x2e) {
      chinese = false;
      return i + 2;
    }
    if (c === 0x53) return need(buf, i, 4) ? i + 4 : INCOMPLETE; // FS S n1 n2
    return need(buf, i, 3) ? i + 3 : INCOMPLETE; // FS ! n, FS W n, FS - n, FS C n
  };

  const stepText = (buf: Buffer, i: number): number => {
    const b = buf[i]!;
    if (b < 0x80) {
      appendText(String.fromCharCode(b));
      return i + 1;
    }
    if (!chinese || b === 0x80 || b === 0xff) {
      appendText('\ufffd');
      return i + 1;
    }
    if (!need(buf, i, 2)) return INCOMPLETE;
    const second = buf[i + 1]!;
    const length = second >= 0x30 && second <= 0x39 ? 4 : 2;
    if (!need(buf, i, length)) return INCOMPLETE;
    appendText(iconv.decode(buf.subarray(i, i + length), 'gb18030'));
    return i + length;
  };

  const step = (buf: Buffer, i: number): number => {
    const b = buf[i]!;
    switch (b) {
      case 0x0a:
        emitLine();
        return i + 1;
      case 0x10:
        return stepDle(buf, i);
      case 0x1b:
        return stepEsc(buf, i);
      case 0x1d:
        return stepGs(buf, i);
      case 0x1c:
        return stepFs(buf, i);
      case 0x09:
        appendText(' ');
        return i + 1;
      default:
        if (b < 0x20 || b === 0x7f) return i + 1; // CR, FF and other controls print nothing here
        return stepText(buf, i);
    }
  };

  return {
    push(chunk) {
      const buf = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      let i = 0;
      while (i < buf.length) {
        const next = step(buf, i);
        if (next === INCOMPLETE) break;
        i = next;
      }
      pending = Buffer.from(buf.subarray(i));
      const out = events;
      events = [];
      return out;
    },
    end() {
      flushPartialLine();
      pending = Buffer.alloc(0);
      const out = events;
      events = [];
      return out;
    },
    get pendingBytes() {
      return pending.length;
    },
  };
};

/** Groups events into a printout. */
export const collectPrintout = (events: readonly EscPosEvent[]): DecodedPrintout => {
  const lines: DecodedLine[] = [];
  const qrCodes: string[] = [];
  const cuts: CutKind[] = [];
  const statusRequests: number[] = [];
  for (const e of events) {
    if (e.type === 'line') lines.push(e.line);
    else if (e.type === 'qr') qrCodes.push(e.payload);
    else if (e.type === 'cut') cuts.push(e.cut);
    else statusRequests.push(e.n);
  }
  return { lines, qrCodes, cuts, statusRequests };
};

/** Decodes a complete byte stream. */
export const decodeEscPos = (bytes: Uint8Array): DecodedPrintout => {
  const decoder = createEscPosStreamDecoder();
  return collectPrintout([...decoder.push(bytes), ...decoder.end()]);
};
