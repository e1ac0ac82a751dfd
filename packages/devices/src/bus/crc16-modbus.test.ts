import { describe, expect, it } from 'vitest';
import { crc16Modbus } from './crc16-modbus.ts';

describe('crc16Modbus', () => {
  it('has the catalogued check value 0x4B37 for "123456789"', () => {
    expect(crc16Modbus(new TextEncoder().encode('123456789'))).toBe(0x4b37);
  });

  it('matches the classic Modbus RTU request 01 03 00 00 00 0A → C5 CD (low byte first)', () => {
    const crc = crc16Modbus(Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a));
    expect([crc & 0xff, crc >>> 8]).toEqual([0xc5, 0xcd]);
  });

  it('honours the start/end window and is 0xFFFF for no bytes', () => {
    expect(crc16Modbus(Uint8Array.of(9, 1, 2, 9), 1, 3)).toBe(crc16Modbus(Uint8Array.of(1, 2)));
    expect(crc16Modbus(new Uint8Array(0))).toBe(0xffff);
  });
});
