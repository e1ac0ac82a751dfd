import { describe, expect, it } from 'vitest';
import { BusCodecError, fromHex } from './bus-codec.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';

const E5 = 'A5 01 90 02 01 01 55 50 5A';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof BusCodecError) return error.code;
    throw error;
  }
  return undefined;
}

describe('hallqBusV1Codec.encode', () => {
  it('frames an empty payload in 7 bytes and a full one in 262', () => {
    expect(hallqBusV1Codec.encode({ address: 5, command: 1, payload: new Uint8Array(0) })).toHaveLength(7);
    expect(hallqBusV1Codec.encode({ address: 5, command: 1, payload: new Uint8Array(255) })).toHaveLength(
      262,
    );
  });

  it.each([
    [{ address: 248, command: 1, payload: new Uint8Array(0) }, 'bad-address'],
    [{ address: -1, command: 1, payload: new Uint8Array(0) }, 'bad-address'],
    [{ address: 1.5, command: 1, payload: new Uint8Array(0) }, 'bad-address'],
    [{ address: 1, command: 256, payload: new Uint8Array(0) }, 'bad-command'],
    [{ address: 1, command: 1, payload: new Uint8Array(256) }, 'payload-too-large'],
  ])('throws on %o', (frame, code) => {
    expect(codeOf(() => hallqBusV1Codec.encode(frame))).toBe(code);
  });
});

describe('hallqBusV1Codec.decode', () => {
  it('decodes a valid frame', () => {
    expect(hallqBusV1Codec.decode(fromHex(E5))).toEqual({
      address: 1,
      command: 0x90,
      payload: Uint8Array.of(1, 1),
    });
  });

  it.each([
    ['too short', 'A5 01 90 00 4C 00', 'bad-length'],
    ['wrong start byte', 'A4 01 90 02 01 01 55 50 5A', 'bad-start'],
    ['address above 247', 'A5 F8 90 02 01 01 55 50 5A', 'bad-address'],
    ['LEN says more than there is', 'A5 01 90 03 01 01 55 50 5A', 'bad-length'],
    ['trailing byte', 'A5 01 90 02 01 01 55 50 5A 00', 'bad-length'],
    ['wrong end byte', 'A5 01 90 02 01 01 55 50 5B', 'bad-end'],
    ['flipped payload bit', 'A5 01 90 02 01 03 55 50 5A', 'bad-crc'],
    ['CRC bytes swapped', 'A5 01 90 02 01 01 50 55 5A', 'bad-crc'],
  ])('throws on %s', (_name, hex, code) => {
    expect(codeOf(() => hallqBusV1Codec.decode(fromHex(hex)))).toBe(code);
  });
});
