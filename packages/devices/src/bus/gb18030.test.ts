import { describe, expect, it } from 'vitest';
import { BusCodecError, toHex } from './bus-codec.ts';
import { decodeGb18030, encodeGb18030, fitGb18030, PayloadReader } from './gb18030.ts';

describe('GB18030 text', () => {
  it('encodes ASCII in one byte, Chinese in two and supplementary-plane characters in four', () => {
    expect(toHex(encodeGb18030('请A001'))).toBe('C7 EB 41 30 30 31');
    expect(toHex(encodeGb18030('䶮'))).toBe('FE 9F'); // outside GBK: '?' there
    expect(toHex(encodeGb18030('𠀀'))).toBe('95 32 82 36');
    expect(decodeGb18030(encodeGb18030('王䶮 堃'))).toBe('王䶮 堃');
  });

  it('throws on invalid byte sequences', () => {
    expect(() => decodeGb18030(Uint8Array.of(0x81))).toThrow(BusCodecError);
  });

  it('fits text into a byte budget without splitting a character', () => {
    expect(fitGb18030('A001 服务中', 8)).toBe('A001 服');
    expect(fitGb18030('A001 服务中', 6)).toBe('A001 ');
    expect(fitGb18030('短', 16)).toBe('短');
  });

  it('PayloadReader throws on truncated fields and trailing bytes', () => {
    expect(() => new PayloadReader(Uint8Array.of(3, 0x41)).text('ticket')).toThrow(/payload ends early/);
    const reader = new PayloadReader(Uint8Array.of(1, 2));
    reader.byte('a');
    expect(() => reader.end()).toThrow(/trailing/);
  });
});
