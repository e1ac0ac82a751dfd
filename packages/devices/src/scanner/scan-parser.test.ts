import { describe, expect, it } from 'vitest';
import { decodeScanFrame, encodeScanFrame, type ScanFraming } from './scan-framing.ts';
import { createScanParser } from './scan-parser.ts';

const plain: ScanFraming = { prefix: '', suffix: 'CR', maxLength: 64 };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('scan framing', () => {
  it('encodes prefix, code and suffix as a scanner sends them', () => {
    expect([...encodeScanFrame('AB12', { prefix: ']Q', suffix: 'CRLF', maxLength: 64 })]).toEqual([
      0x5d, 0x51, 0x41, 0x42, 0x31, 0x32, 0x0d, 0x0a,
    ]);
    expect([...encodeScanFrame('X', { prefix: '', suffix: 'TAB', maxLength: 64 })]).toEqual([0x58, 0x09]);
  });

  it('decodes UTF-8 text (a QR code may carry Chinese) and strips the prefix', () => {
    expect(decodeScanFrame(bytes('#预约K7M2PX9Q'), { ...plain, prefix: '#' })).toBe('预约K7M2PX9Q');
  });

  it('refuses control bytes, bad UTF-8, a missing prefix and an over-long frame, each with its reason', () => {
    expect(() => decodeScanFrame(Uint8Array.of(0x41, 0x1b, 0x42), plain)).toThrow(
      expect.objectContaining({ reason: 'not-text' }),
    );
    expect(() => decodeScanFrame(Uint8Array.of(0x41, 0xff, 0xfe), plain)).toThrow(
      expect.objectContaining({ reason: 'not-text' }),
    );
    expect(() => decodeScanFrame(bytes('ABC'), { ...plain, prefix: '#' })).toThrow(
      expect.objectContaining({ reason: 'missing-prefix' }),
    );
    expect(() => decodeScanFrame(bytes('A'.repeat(65)), plain)).toThrow(
      expect.objectContaining({ reason: 'too-long' }),
    );
  });
});

describe('scan parser', () => {
  it('reads frames split across chunks at every possible point', () => {
    const frame = encodeScanFrame('https://hall.example/b?c=K7M2PX9Q', plain);
    for (let cut = 1; cut < frame.length; cut += 1) {
      const parser = createScanParser(plain);
      expect(parser.push(frame.slice(0, cut))).toEqual([]);
      expect(parser.push(frame.slice(cut))).toEqual([
        { type: 'scan', code: 'https://hall.example/b?c=K7M2PX9Q' },
      ]);
      expect(parser.pending).toBe(0);
    }
  });

  it('reads several frames in one chunk and accepts CR, LF and CR LF alike', () => {
    const parser = createScanParser(plain);
    expect(parser.push(bytes('ONE\rTWO\r\nTHREE\n'))).toEqual([
      { type: 'scan', code: 'ONE' },
      { type: 'scan', code: 'TWO' },
      { type: 'scan', code: 'THREE' },
    ]);
  });

  it('reports a garbled frame once and reads the next good one', () => {
    const parser = createScanParser(plain);
    expect(parser.push(Uint8Array.of(0x80, 0x81, 0x00, 0x0d, ...bytes('GOOD1234\r')))).toEqual([
      { type: 'garbled', reason: 'not-text' },
      { type: 'scan', code: 'GOOD1234' },
    ]);
  });

  it('discards an endless run without terminator with bounded memory, then recovers', () => {
    const parser = createScanParser(plain);
    const noise = bytes('Z'.repeat(1000));
    expect(parser.push(noise)).toEqual([{ type: 'garbled', reason: 'too-long' }]);
    expect(parser.pending).toBe(0);
    expect(parser.push(noise)).toEqual([]);
    expect(parser.push(bytes('\rNEXT\r'))).toEqual([{ type: 'scan', code: 'NEXT' }]);
  });

  it('flush drops a half frame and says so; nothing to say when the buffer is empty', () => {
    const parser = createScanParser(plain);
    parser.push(bytes('HALF'));
    expect(parser.flush()).toEqual({ type: 'garbled', reason: 'incomplete' });
    expect(parser.flush()).toBeNull();
    expect(parser.push(bytes('WHOLE\r'))).toEqual([{ type: 'scan', code: 'WHOLE' }]);
  });

  it('with a TAB suffix, CR is part of nothing and is refused as a control byte', () => {
    const parser = createScanParser({ ...plain, suffix: 'TAB' });
    expect(parser.push(bytes('AB\rC\tOK\t'))).toEqual([
      { type: 'garbled', reason: 'not-text' },
      { type: 'scan', code: 'OK' },
    ]);
  });
});
