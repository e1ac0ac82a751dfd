import iconv from 'iconv-lite';
import { BusCodecError } from './bus-codec.ts';

/** All text on HallQ bus v1 is GB18030 (a superset of GB2312/GBK; ASCII is one byte). */
export function encodeGb18030(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'gb18030'));
}

/** Throws `BusCodecError('bad-encoding')` on byte sequences that are not GB18030. */
export function decodeGb18030(bytes: Uint8Array): string {
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  if (text.includes('\uFFFD')) throw new BusCodecError('bad-encoding', 'invalid GB18030 byte sequence');
  return text;
}

/** The longest prefix of `text` whose GB18030 encoding fits in `maxBytes` (never splits a character). */
export function fitGb18030(text: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = iconv.encode(char, 'gb18030').length;
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out;
}

/** Appends `[len, ...bytes]` for a GB18030 string; throws when it does not fit in 255 bytes. */
export function pushLengthPrefixed(out: number[], text: string, field: string): void {
  const bytes = encodeGb18030(text);
  if (bytes.length > 255) throw new BusCodecError('payload-too-large', `${field} is ${bytes.length} bytes`);
  out.push(bytes.length, ...bytes);
}

/** Reads sequential length-prefixed fields from a payload, throwing on truncation. */
export class PayloadReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(field: string): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new BusCodecError('bad-payload', `payload ends before ${field}`);
    this.offset += 1;
    return value;
  }

  text(field: string): string {
    const length = this.byte(`${field} length`);
    if (this.offset + length > this.bytes.length) {
      throw new BusCodecError('bad-payload', `${field} needs ${length} bytes, payload ends early`);
    }
    const value = decodeGb18030(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }

  rest(): Uint8Array {
    const value = this.bytes.slice(this.offset);
    this.offset = this.bytes.length;
    return value;
  }

  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new BusCodecError('bad-payload', `${this.bytes.length - this.offset} unexpected trailing bytes`);
    }
  }
}
