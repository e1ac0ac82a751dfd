import { describe, expect, it } from 'vitest';
import { type BusFrame, type BusFrameError, fromHex } from './bus-codec.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';

const E5 = fromHex('A5 01 90 02 01 01 55 50 5A');
const E7 = fromHex(
  'A5 01 11 17 02 0B 41 30 30 31 20 B7 FE CE F1 D6 D0 09 B5 C8 BA F2 20 35 20 C8 CB 57 10 5A',
);
const E10 = fromHex('A5 0B A0 00 78 02 5A');

function collect(options?: { maxBufferBytes?: number }) {
  const frames: BusFrame[] = [];
  const errors: BusFrameError[] = [];
  const parser = hallqBusV1Codec.createParser(
    { onFrame: (frame) => frames.push(frame), onError: (error) => errors.push(error) },
    options,
  );
  return { parser, frames, errors };
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const decoded = (bytes: Uint8Array): BusFrame => hallqBusV1Codec.decode(bytes);

describe('HallQ bus v1 stream parser', () => {
  const stream = concat(E5, E7, E10);

  it('splits a stream of three frames cut into two chunks at every offset', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { parser, frames, errors } = collect();
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(frames, `cut at ${cut}`).toEqual([decoded(E5), decoded(E7), decoded(E10)]);
      expect(errors).toEqual([]);
      expect(parser.buffered).toBe(0);
    }
  });

  it('reassembles a stream fed one byte at a time', () => {
    const { parser, frames, errors } = collect();
    for (const byte of stream) parser.push(Uint8Array.of(byte));
    expect(frames).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it('cuts every frame at every pair of offsets (three chunks)', () => {
    for (let a = 0; a <= E7.length; a++) {
      for (let b = a; b <= E7.length; b++) {
        const { parser, frames } = collect();
        parser.push(E7.subarray(0, a));
        parser.push(E7.subarray(a, b));
        parser.push(E7.subarray(b));
        expect(frames).toEqual([decoded(E7)]);
      }
    }
  });

  it('skips garbage before, between and after frames and reports it', () => {
    const { parser, frames, errors } = collect();
    parser.push(concat(Uint8Array.of(0x00, 0xff, 0x13), E5, Uint8Array.of(0x42), E10, Uint8Array.of(0x99)));
    expect(frames).toEqual([decoded(E5), decoded(E10)]);
    expect(errors.map((error) => error.code)).toEqual(['garbage', 'garbage', 'garbage']);
    expect(errors[0]!.bytes).toEqual(Uint8Array.of(0x00, 0xff, 0x13));
  });

  it('drops a frame with a bad CRC whole and delivers the next one', () => {
    const bad = E7.slice();
    bad[10] = bad[10]! ^ 0x01;
    const { parser, frames, errors } = collect();
    parser.push(concat(bad, E5));
    expect(frames).toEqual([decoded(E5)]);
    expect(errors.map((error) => error.code)).toEqual(['bad-crc']);
    expect(errors[0]!.bytes).toEqual(bad);
  });

  it('skips a frame whose LEN is wrong and resynchronises on the next start byte', () => {
    const wrongLength = E5.slice();
    wrongLength[3] = 0x03; // LEN 3 but only 2 payload bytes follow
    const { parser, frames, errors } = collect();
    parser.push(concat(wrongLength, E10, E5));
    expect(frames).toEqual([decoded(E10), decoded(E5)]);
    expect(errors[0]!.code).toBe('bad-length');
    expect(errors.every((error) => error.code === 'bad-length' || error.code === 'garbage')).toBe(true);
  });

  it('recovers from a truncated frame followed by a complete one', () => {
    const { parser, frames, errors } = collect();
    parser.push(concat(E7.subarray(0, 12), E7, E10));
    expect(frames).toEqual([decoded(E7), decoded(E10)]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('does not mistake a start byte inside the payload for a frame', () => {
    const payload = Uint8Array.of(0xa5, 0x01, 0x90, 0x00, 0xa5);
    const frame = { address: 3, command: 0x20, payload };
    const { parser, frames, errors } = collect();
    parser.push(hallqBusV1Codec.encode(frame));
    expect(frames).toEqual([frame]);
    expect(errors).toEqual([]);
  });

  it('rejects an address above 247 right after the start byte', () => {
    const { parser, frames, errors } = collect();
    parser.push(concat(Uint8Array.of(0xa5, 0xf8), E5));
    expect(frames).toEqual([decoded(E5)]);
    expect(errors.map((error) => error.code)).toEqual(['bad-address', 'garbage']);
  });

  it('keeps its buffer bounded and can be reset', () => {
    const { parser, frames } = collect({ maxBufferBytes: 300 });
    parser.push(Uint8Array.of(0xa5, 0x01, 0x20, 0xff, 1, 2, 3));
    expect(parser.buffered).toBe(7);
    parser.reset();
    expect(parser.buffered).toBe(0);
    parser.push(E5);
    expect(frames).toEqual([decoded(E5)]);
    const big = new Uint8Array(5000).fill(0x11);
    parser.push(big);
    expect(parser.buffered).toBe(0);
  });
});
