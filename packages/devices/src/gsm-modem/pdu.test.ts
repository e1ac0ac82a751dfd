import { describe, expect, it } from 'vitest';
import { decodeSmsSubmit, encodeSmsSubmit, PduError } from './pdu.ts';

describe('SMS-SUBMIT PDUs', () => {
  it('encodes a short Chinese message in UCS-2 to a known PDU', () => {
    const [pdu] = encodeSmsSubmit('13800138000', '你好', 0);
    // 00 SCA · 11 submit · 00 MR · 0D 91 683108108300F0 (+8613800138000) · 00 PID · 08 UCS-2 · AA · 04 4F60 597D
    expect(pdu).toEqual({ hex: '0011000D91683108108300F00008AA044F60597D', tpduLength: 19 });
  });

  it('splits a long message into 67-character parts with a concatenation header, and reads them back', () => {
    const text = `【示范区政务服务中心】${'您好，请携带身份证及相关材料到窗口办理。'.repeat(8)}`;
    const parts = encodeSmsSubmit('13912345678', text, 42);
    expect(parts).toHaveLength(Math.ceil(text.length / 67));
    const decoded = parts.map((p) => decodeSmsSubmit(p.hex));
    expect(decoded.map((d) => d.concat)).toEqual(
      parts.map((_, i) => ({ reference: 42, total: parts.length, sequence: i + 1 })),
    );
    expect(decoded.map((d) => d.text).join('')).toBe(text);
    expect(new Set(decoded.map((d) => d.phone))).toEqual(new Set(['13912345678']));
    for (const p of parts) expect(p.tpduLength).toBeLessThanOrEqual(15 + 140);
  });

  it('keeps exactly 70 characters in one SMS and never splits a surrogate pair', () => {
    expect(encodeSmsSubmit('13800138000', '号'.repeat(70), 1)).toHaveLength(1);
    const parts = encodeSmsSubmit('13800138000', `${'号'.repeat(66)}𠮷${'号'.repeat(10)}`, 1);
    expect(parts.map((p) => decodeSmsSubmit(p.hex).text)).toEqual(['号'.repeat(66), `𠮷${'号'.repeat(10)}`]);
  });

  it('refuses what is not a number or not a PDU', () => {
    expect(() => encodeSmsSubmit('call me', 'x', 0)).toThrow(PduError);
    expect(() => decodeSmsSubmit('0011')).toThrow(PduError);
    expect(() => decodeSmsSubmit('zz')).toThrow(PduError);
  });
});
