import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BarcodeScannerProfile, HardwareProfile } from '../profiles/profile-schema.ts';
import { framingOf } from './serial-scanner.ts';

const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../../hardware-profiles/${name}`, import.meta.url), 'utf8'));

describe('barcode scanner hardware profiles', () => {
  it('the serial and keyboard-wedge profiles validate, as scanners, among all hardware profiles', () => {
    const serial = HardwareProfile.parse(read('barcode-scanner-generic-serial.json'));
    const wedge = HardwareProfile.parse(read('barcode-scanner-generic-hid.json'));
    expect(serial.kind).toBe('barcode-scanner');
    expect(wedge.kind).toBe('barcode-scanner');
    expect(framingOf(BarcodeScannerProfile.parse(serial))).toEqual({
      prefix: '',
      suffix: 'CR',
      maxLength: 512,
    });
  });

  it('refuse a serial scanner without a baud rate, a wedge with one, and a wedge ending with LF', () => {
    const serial = read('barcode-scanner-generic-serial.json');
    const wedge = read('barcode-scanner-generic-hid.json');
    expect(BarcodeScannerProfile.safeParse({ ...serial, baudRate: undefined }).success).toBe(false);
    expect(BarcodeScannerProfile.safeParse({ ...wedge, baudRate: 9600 }).success).toBe(false);
    expect(BarcodeScannerProfile.safeParse({ ...wedge, suffix: 'LF' }).success).toBe(false);
    expect(BarcodeScannerProfile.safeParse({ ...serial, prefix: 'a b' }).success).toBe(false);
  });
});
