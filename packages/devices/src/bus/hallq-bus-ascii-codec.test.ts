import { describe, expect, it } from 'vitest';
import { BusCodecError, type BusFrame, type BusFrameError } from './bus-codec.ts';
import { hallqBusAsciiCodec } from './hallq-bus-ascii-codec.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('hallqBusAsciiCodec (second frame format)', () => {
  const frame: BusFrame = { address: 1, command: 0x11, payload: Uint8Array.of(0x01, 0x02, 0xb7, 0xfe) };

  it('encodes ":" hex LRC CRLF and decodes it back', () => {
    const bytes = hallqBusAsciiCodec.encode(frame);
    expect(new TextDecoder().decode(bytes)).toBe(':0111040102B7FE32\r\n');
    expect(hallqBusAsciiCodec.decode(bytes)).toEqual(frame);
  });

  it('throws on a bad LRC', () => {
    expect(() => hallqBusAsciiCodec.decode(ascii(':0111040102B7FE33\r\n'))).toThrow(BusCodecError);
  });

  it('parses frames split at every offset and skips noise and bad frames', () => {
    const stream = ascii('xx:0111040102B7FE32\r\n:0111040102B7FE33\r\n:01100100EE\r\n');
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames: BusFrame[] = [];
      const errors: BusFrameError[] = [];
      const parser = hallqBusAsciiCodec.createParser({
        onFrame: (f) => frames.push(f),
        onError: (e) => errors.push(e),
      });
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(frames.map((f) => f.command)).toEqual([0x11, 0x10]);
      expect(errors.map((e) => e.code)).toContain('bad-crc');
    }
  });
});
