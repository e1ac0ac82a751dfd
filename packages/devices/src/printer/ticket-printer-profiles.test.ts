import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HardwareProfile, TicketPrinterProfile } from '../profiles/profile-schema.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { sampleTicketPrint } from './printer-simulator.ts';
import { layoutTicket } from './ticket-layout.ts';

const load = async (name: string): Promise<TicketPrinterProfile> =>
  TicketPrinterProfile.parse(
    JSON.parse(
      await readFile(new URL(`../../../../hardware-profiles/${name}.json`, import.meta.url), 'utf8'),
    ),
  );

describe('ticket printer hardware profiles', () => {
  it('80 mm network: 48 chars per line, full cut', async () => {
    const profile = await load('ticket-printer-generic-80mm-network');
    expect(profile).toMatchObject({ paperWidthMm: 80, charsPerLine: 48, interface: 'network', cut: 'full' });
    expect(decodeEscPos(layoutTicket(sampleTicketPrint(), profile)).cuts).toEqual(['full']);
  });

  it('58 mm serial: 32 chars per line at 9600 baud, partial cut', async () => {
    const profile = await load('ticket-printer-generic-58mm-serial');
    expect(profile).toMatchObject({
      paperWidthMm: 58,
      charsPerLine: 32,
      interface: 'serial',
      baudRate: 9600,
    });
    expect(decodeEscPos(layoutTicket(sampleTicketPrint(), profile)).cuts).toEqual(['partial']);
  });
});

describe('TicketPrinterProfile rules', () => {
  const base = {
    id: 'x',
    kind: 'ticket-printer',
    vendor: 'v',
    model: 'm',
    description: '',
    protocol: 'escpos',
    paperWidthMm: 58,
    charsPerLine: 32,
    textEncoding: 'gb18030',
    supportsRealtimeStatus: true,
    cut: 'full',
  } as const;

  it('a serial printer needs a baud rate; a network printer has none', () => {
    expect(TicketPrinterProfile.safeParse({ ...base, interface: 'serial' }).success).toBe(false);
    expect(TicketPrinterProfile.safeParse({ ...base, interface: 'serial', baudRate: 9600 }).success).toBe(
      true,
    );
    expect(TicketPrinterProfile.safeParse({ ...base, interface: 'network', baudRate: 9600 }).success).toBe(
      false,
    );
  });

  it('a device file cannot claim real-time status', () => {
    expect(TicketPrinterProfile.safeParse({ ...base, interface: 'file' }).success).toBe(false);
    expect(
      TicketPrinterProfile.safeParse({ ...base, interface: 'file', supportsRealtimeStatus: false }).success,
    ).toBe(true);
  });

  it('the rules also hold through the HardwareProfile union', () => {
    expect(HardwareProfile.safeParse({ ...base, interface: 'serial' }).success).toBe(false);
    expect(HardwareProfile.safeParse({ ...base, interface: 'network' }).success).toBe(true);
  });
});
