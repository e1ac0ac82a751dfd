import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  collectPrintout,
  createEscPosStreamDecoder,
  decodeEscPos,
  type EscPosEvent,
} from './escpos-decoder.ts';
import { sampleTicketPrint } from './printer-simulator.ts';
import { layoutTicket } from './ticket-layout.ts';

const b = (...parts: (number[] | string | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('decodeEscPos', () => {
  it('decodes GB18030 inside FS & … FS ., including 2- and 4-byte characters', () => {
    const out = decodeEscPos(b([0x1c, 0x26], iconv.encode('王*䶮 𠀀 A1', 'gb18030'), [0x1c, 0x2e], '\n'));
    expect(out.lines.map((l) => l.text)).toEqual(['王*䶮 𠀀 A1']);
  });

  it('shows non-ASCII bytes outside Chinese mode as U+FFFD', () => {
    const out = decodeEscPos(b(iconv.encode('请', 'gb18030'), 'A\n'));
    expect(out.lines[0]?.text).toBe('\ufffd\ufffdA');
  });

  it('tracks alignment, bold and both size commands per line', () => {
    const out = decodeEscPos(
      b(
        [0x1b, 0x61, 0x01, 0x1b, 0x45, 0x01, 0x1d, 0x21, 0x57],
        'BIG\n',
        [0x1d, 0x21, 0x00, 0x1b, 0x45, 0x00, 0x1b, 0x61, 0x02],
        'right\n',
        [0x1b, 0x21, 0x38],
        'esc!\n',
        [0x1b, 0x40],
        'reset\n',
      ),
    );
    expect(out.lines).toEqual([
      { text: 'BIG', align: 'center', bold: true, widthScale: 6, heightScale: 8 },
      { text: 'right', align: 'right', bold: false, widthScale: 1, heightScale: 1 },
      { text: 'esc!', align: 'right', bold: true, widthScale: 2, heightScale: 2 },
      { text: 'reset', align: 'left', bold: false, widthScale: 1, heightScale: 1 },
    ]);
  });

  it('reads QR payloads, cuts (GS V 0/1/65/66) and status requests, and skips other commands', () => {
    const qr = Buffer.from('T-1', 'ascii');
    const out = decodeEscPos(
      b(
        [0x10, 0x04, 0x01],
        [0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00],
        [0x1d, 0x28, 0x6b, qr.length + 3, 0x00, 0x31, 0x50, 0x30],
        qr,
        [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
        [
          0x1b, 0x64, 0x04, 0x1d, 0x56, 0x00, 0x1d, 0x56, 0x01, 0x1d, 0x56, 0x41, 0x03, 0x1d, 0x56, 0x42,
          0x00,
        ],
        [0x1b, 0x70, 0x00, 0x19, 0xfa, 0x1d, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0xff, 0x0a],
        [0x1d, 0x6b, 0x04],
        'CODE39',
        [0x00, 0x10, 0x04, 0x04],
        'end',
      ),
    );
    expect(out.qrCodes).toEqual(['T-1']);
    expect(out.cuts).toEqual(['full', 'partial', 'full', 'partial']);
    expect(out.statusRequests).toEqual([1, 4]);
    expect(out.lines.map((l) => l.text)).toEqual(['end']);
  });

  it('gives the same result however the stream is split', () => {
    const bytes = layoutTicket(sampleTicketPrint(), { paperWidthMm: 80, charsPerLine: 48, cut: 'full' });
    const whole = decodeEscPos(bytes);
    for (const size of [1, 2, 3, 7, 64]) {
      const decoder = createEscPosStreamDecoder();
      const events: EscPosEvent[] = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...decoder.push(bytes.subarray(i, i + size)));
      expect(decoder.pendingBytes).toBe(0);
      events.push(...decoder.end());
      expect(collectPrintout(events)).toEqual(whole);
    }
  });

  it('holds back an incomplete command until the rest arrives', () => {
    const decoder = createEscPosStreamDecoder();
    expect(decoder.push(Uint8Array.of(0x1c, 0x26, 0xfe))).toEqual([]);
    expect(decoder.pendingBytes).toBe(1);
    expect(decoder.push(Uint8Array.of(0x9f, 0x0a, 0x10))).toEqual([
      { type: 'line', line: { text: '䶮', align: 'left', bold: false, widthScale: 1, heightScale: 1 } },
    ]);
    expect(decoder.push(Uint8Array.of(0x04, 0x02))).toEqual([{ type: 'status-request', n: 2 }]);
  });
});
