import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from './escpos-decoder.ts';
import { columnsOf, encodeText, wrapText } from './escpos-text.ts';
import { TicketLayoutError } from './printer-errors.ts';
import { sampleTicketPrint } from './printer-simulator.ts';
import { layoutTicket, type TicketLayoutProfile, ticketNumberScale } from './ticket-layout.ts';

const narrow: TicketLayoutProfile = { paperWidthMm: 58, charsPerLine: 32, cut: 'partial' };
const wide: TicketLayoutProfile = { paperWidthMm: 80, charsPerLine: 48, cut: 'full' };

const indexOfBytes = (haystack: Buffer, needle: number[]): number => haystack.indexOf(Buffer.from(needle));

describe.each([
  ['58 mm', narrow],
  ['80 mm', wide],
])('ticket layout, %s', (_name, profile) => {
  const bytes = layoutTicket(sampleTicketPrint(), profile);
  const printout = decodeEscPos(bytes);
  const texts = printout.lines.map((l) => l.text);

  it('starts with ESC @ and ends with the profile cut', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(printout.cuts).toEqual([profile.cut]);
    const gsV = profile.cut === 'full' ? [0x1d, 0x56, 0x00] : [0x1d, 0x56, 0x01];
    expect(indexOfBytes(bytes, gsV)).toBeGreaterThan(0);
  });

  it('prints the ticket number very large, bold and centred', () => {
    const number = printout.lines.find((l) => l.text === 'A001');
    const scale = ticketNumberScale('A001', profile.charsPerLine);
    expect(scale).toBeGreaterThanOrEqual(4);
    expect(number).toEqual({
      text: 'A001',
      align: 'center',
      bold: true,
      widthScale: scale,
      heightScale: scale,
    });
    expect(scale * 4).toBeLessThanOrEqual(profile.charsPerLine);
    expect(indexOfBytes(bytes, [0x1d, 0x21, ((scale - 1) << 4) | (scale - 1)])).toBeGreaterThan(0);
  });

  it('has Chinese lines followed by their English lines', () => {
    const service = texts.indexOf('不动产登记');
    expect(service).toBeGreaterThan(0);
    expect(texts[service + 1]).toBe('Real Estate Registration');
    expect(printout.lines[service]).toMatchObject({
      widthScale: 2,
      heightScale: 2,
      bold: true,
      align: 'center',
    });
    const hall = texts.indexOf('某市政务服务中心');
    expect(texts[hall + 1]).toBe('City Government Service Center');
    expect(texts).toContain('您前面还有 3 人等候');
    expect(texts).toContain('3 people ahead of you');
    expect(texts).toContain('预计等候：约 10–15 分钟');
    expect(texts).toContain('Estimated wait: about 10–15 min');
    expect(texts).toContain('等候区域：二楼B区');
    expect(texts).toContain('Waiting area: Floor 2, Zone B');
    expect(texts).toContain('取号 Issued: 2026-11-28 09:15');
  });

  it('prints the masked visitor name with 䶮 as GB18030 FE 9F, never "?"', () => {
    expect(texts).toContain('姓名 Name: 王*䶮');
    expect(indexOfBytes(bytes, [0xfe, 0x9f])).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('?'))).toBe(false);
  });

  it('wraps every non-ASCII run in FS & … FS . (no U+FFFD after decoding)', () => {
    expect(texts.join('\n')).not.toContain('\ufffd');
    expect(indexOfBytes(bytes, [0x1c, 0x26])).toBeGreaterThan(0);
  });

  it('keeps every line within the paper width', () => {
    for (const line of printout.lines) {
      expect(columnsOf(line.text) * line.widthScale).toBeLessThanOrEqual(profile.charsPerLine);
    }
  });

  it('encodes the QR payload as ASCII with a correct GS ( k length', () => {
    expect(printout.qrCodes).toEqual(['https://hall.example/t/20261128-A001']);
    const payload = Buffer.from('https://hall.example/t/20261128-A001', 'ascii');
    const store = Buffer.concat([
      Buffer.from([0x1d, 0x28, 0x6b, payload.length + 3, 0, 0x31, 0x50, 0x30]),
      payload,
    ]);
    expect(bytes.indexOf(store)).toBeGreaterThan(0);
  });

  it('wraps the notice in both languages, left aligned', () => {
    const notice = printout.lines.filter((l) => l.align === 'left' && l.text.length > 0).map((l) => l.text);
    expect(notice.join('')).toContain('请留意叫号');
    expect(notice.join(' ')).toContain('Bring your ID card to the window.');
  });

  it('is deterministic', () => {
    expect(layoutTicket(sampleTicketPrint(), profile).equals(bytes)).toBe(true);
  });
});

describe('ticket layout edge cases', () => {
  it('encodes a hall or service name containing 䶮 as FE 9F', () => {
    const ticket = { ...sampleTicketPrint(), serviceName: { zh: '䶮字测试业务', en: 'Test service' } };
    delete ticket.visitorName;
    const bytes = layoutTicket(ticket, narrow);
    const expected = Buffer.concat([
      Buffer.from([0x1c, 0x26]),
      iconv.encode('䶮字测试业务', 'gb18030'),
      Buffer.from([0x1c, 0x2e]),
    ]);
    expect(expected.subarray(2, 4)).toEqual(Buffer.from([0xfe, 0x9f]));
    expect(bytes.indexOf(expected)).toBeGreaterThan(0);
    expect(decodeEscPos(bytes).lines.map((l) => l.text)).toContain('䶮字测试业务');
  });

  it('prints 预约 and the slot of an appointment ticket under its number, and nothing of the kind otherwise', () => {
    const texts = decodeEscPos(
      layoutTicket({ ...sampleTicketPrint(), appointmentSlot: '09:00–09:30' }, narrow),
    ).lines.map((l) => l.text);
    const at = texts.indexOf('预约 09:00–09:30');
    expect(at).toBeGreaterThan(texts.indexOf('A001'));
    expect(texts[at + 1]).toBe('Appointment 09:00–09:30');
    expect(
      decodeEscPos(layoutTicket(sampleTicketPrint(), narrow)).lines.some((l) => l.text.startsWith('预约')),
    ).toBe(false);
    expect(() => layoutTicket({ ...sampleTicketPrint(), appointmentSlot: '9:00' }, narrow)).toThrow();
  });

  it('omits the name line when there is no visitor name', () => {
    const ticket = sampleTicketPrint();
    delete ticket.visitorName;
    const texts = decodeEscPos(layoutTicket(ticket, wide)).lines.map((l) => l.text);
    expect(texts.some((t) => t.startsWith('姓名'))).toBe(false);
  });

  it('says "no one ahead" for zero, and prints the wait as the kiosk worded it', () => {
    const estimatedWait = { zh: '无需等候', en: 'no wait' };
    const texts = decodeEscPos(
      layoutTicket({ ...sampleTicketPrint(), peopleAhead: 0, estimatedWait }, wide),
    ).lines.map((l) => l.text);
    expect(texts).toContain('No one is ahead of you');
    expect(texts).toContain('预计等候：无需等候');
    expect(texts).toContain('Estimated wait: no wait');
  });

  it('refuses an unmasked visitor name without echoing it', () => {
    const run = () => layoutTicket({ ...sampleTicketPrint(), visitorName: '王䶮' }, wide);
    expect(run).toThrow(TicketLayoutError);
    expect(run).toThrow(/VISITOR_NAME_NOT_MASKED/);
    expect(run).not.toThrow(/王䶮/);
  });

  it('refuses a non-ASCII QR payload', () => {
    expect(() => layoutTicket({ ...sampleTicketPrint(), qrPayload: '请A001' }, wide)).toThrow(
      expect.objectContaining({ code: 'QR_PAYLOAD_NOT_ASCII' }),
    );
  });

  it('turns control characters in data into spaces so they cannot become printer commands', () => {
    const ticket = { ...sampleTicketPrint(), hallName: { zh: '中心\x1d\x56\x00', en: 'Hall\ncut' } };
    const printout = decodeEscPos(layoutTicket(ticket, wide));
    expect(printout.cuts).toHaveLength(1);
    expect(printout.lines.map((l) => l.text)).toContain('Hall cut');
  });

  it('makes a long number smaller so it still fits', () => {
    expect(ticketNumberScale('A001', 32)).toBe(6);
    expect(ticketNumberScale('VIP-0001', 32)).toBe(4);
    expect(ticketNumberScale('A001', 24)).toBe(6);
    expect(ticketNumberScale('ABCDEFGH', 24)).toBe(3);
  });
});

describe('text helpers', () => {
  it('sends plain ASCII as is and everything else as GB18030 inside FS & / FS .', () => {
    expect([...encodeText('A001')]).toEqual([0x41, 0x30, 0x30, 0x31]);
    expect([...encodeText('请A001')]).toEqual([0x1c, 0x26, 0xc7, 0xeb, 0x41, 0x30, 0x30, 0x31, 0x1c, 0x2e]);
    expect([...encodeText('€')]).toEqual([0x1c, 0x26, 0xa2, 0xe3, 0x1c, 0x2e]);
  });

  it('wraps by words in English and by characters in Chinese', () => {
    expect(wrapText('Please listen for your number', 12)).toEqual(['Please', 'listen for', 'your number']);
    expect(wrapText('请留意叫号过号需重新取号', 10)).toEqual(['请留意叫号', '过号需重新', '取号']);
    expect(wrapText('https://example.org/very/long/path', 10)).toEqual([
      'https://ex',
      'ample.org/',
      'very/long/',
      'path',
    ]);
    expect(wrapText('', 10)).toEqual(['']);
  });
});
