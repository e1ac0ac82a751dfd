import { describe, expect, it } from 'vitest';
import {
  decodeCommand,
  decodeFrame,
  decodeReadBody,
  decodeResponse,
  decodeSamId,
  encodeCommand,
  encodeFrame,
  encodeReadBody,
  encodeResponse,
  Ga467CodecError,
  KNOWN_SW3,
  type SamCommand,
  SamStatusError,
  samStatus,
} from './codec.ts';

const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

describe('encodeCommand', () => {
  it.each<[SamCommand, string]>([
    [{ kind: 'reset-sam' }, 'AA AA AA 96 69 00 03 10 FF EC'],
    [{ kind: 'sam-status' }, 'AA AA AA 96 69 00 03 11 FF ED'],
    [{ kind: 'read-sam-id' }, 'AA AA AA 96 69 00 03 12 FF EE'],
    [{ kind: 'find-card' }, 'AA AA AA 96 69 00 03 20 01 22'],
    [{ kind: 'select-card' }, 'AA AA AA 96 69 00 03 20 02 21'],
    [{ kind: 'read-text-photo' }, 'AA AA AA 96 69 00 03 30 01 32'],
    [{ kind: 'read-appended-address' }, 'AA AA AA 96 69 00 03 30 03 30'],
    [{ kind: 'read-chip-id' }, 'AA AA AA 96 69 00 03 30 05 36'],
    [{ kind: 'read-text-photo-fingerprint' }, 'AA AA AA 96 69 00 03 30 10 23'],
    [{ kind: 'set-baud-rate', baudRate: 115200 }, 'AA AA AA 96 69 00 03 60 00 63'],
    [{ kind: 'set-baud-rate', baudRate: 57600 }, 'AA AA AA 96 69 00 03 60 01 62'],
    [{ kind: 'set-baud-rate', baudRate: 38400 }, 'AA AA AA 96 69 00 03 60 02 61'],
    [{ kind: 'set-baud-rate', baudRate: 19200 }, 'AA AA AA 96 69 00 03 60 03 60'],
    [{ kind: 'set-baud-rate', baudRate: 9600 }, 'AA AA AA 96 69 00 03 60 04 67'],
    [{ kind: 'set-max-rf-frame', bytes: 0x50 }, 'AA AA AA 96 69 00 04 61 FF 50 CA'],
  ])('%o → %s, and decodes back', (command, frame) => {
    const bytes = encodeCommand(command);
    expect(hex(bytes)).toBe(frame);
    expect(decodeCommand(decodeFrame(bytes))).toEqual(command);
  });

  it('rejects an impossible RF frame size', () => {
    expect(() => encodeCommand({ kind: 'set-max-rf-frame', bytes: 0 })).toThrow(Ga467CodecError);
  });

  it('does not recognise unknown commands', () => {
    expect(decodeCommand(Uint8Array.of(0x20, 0x00))).toBeUndefined();
    expect(decodeCommand(Uint8Array.of(0x60, 0x05))).toBeUndefined();
    expect(decodeCommand(Uint8Array.of(0x20, 0x01, 0x00))).toBeUndefined();
  });
});

describe('responses', () => {
  it('matches the CVR-100D captures for find and select', () => {
    expect(hex(encodeResponse({ sw3: 0x9f, data: new Uint8Array(4) }))).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
    expect(hex(encodeResponse({ sw3: 0x90, data: new Uint8Array(8) }))).toBe(
      'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
    );
  });

  it('decodes SW1..SW3 and data', () => {
    const response = decodeResponse(decodeFrame(encodeResponse({ sw1: 0x12, sw2: 0x34, sw3: 0x41 })));
    expect(response).toEqual({ sw1: 0x12, sw2: 0x34, sw3: 0x41, data: new Uint8Array(0) });
    expect(() => decodeResponse(Uint8Array.of(0, 0))).toThrow(Ga467CodecError);
  });

  it('frames a 30 01 read as 1295 bytes with LEN 0x0508', () => {
    const data = encodeReadBody({ text: new Uint8Array(256), photo: new Uint8Array(1024) }, false);
    const frame = encodeResponse({ sw3: 0x90, data });
    expect(frame.length).toBe(1295);
    expect(hex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
  });

  it('decodes read bodies with and without fingerprints', () => {
    const text = Uint8Array.from({ length: 256 }, (_, i) => i);
    const photo = Uint8Array.from({ length: 1024 }, (_, i) => i % 251);
    const fingerprint = new Uint8Array(512).fill(7);
    expect(decodeReadBody(encodeReadBody({ text, photo }, false), false)).toEqual({ text, photo });
    const withFp = encodeReadBody({ text, photo, fingerprint }, true);
    expect(encodeResponse({ sw3: 0x90, data: withFp }).length).toBe(1809);
    expect(decodeReadBody(withFp, true)).toEqual({ text, photo, fingerprint });
    expect(encodeResponse({ sw3: 0x90, data: encodeReadBody({ text, photo }, true) }).length).toBe(1297);
    expect(() => decodeReadBody(withFp.subarray(0, 100), true)).toThrow(Ga467CodecError);
  });

  it('formats the SAM id', () => {
    const data = Uint8Array.of(
      5,
      0,
      1,
      0,
      0x4b,
      0xc9,
      0x32,
      0x01,
      0x4e,
      0x61,
      0xbc,
      0x00,
      0xd2,
      0x02,
      0x96,
      0x49,
    );
    expect(decodeSamId(data)).toBe('05.01-20105547-012345678-1234567890');
  });
});

describe('decodeFrame', () => {
  it('rejects a bad preamble, a wrong LEN and a bad checksum', () => {
    const good = encodeCommand({ kind: 'find-card' });
    const badPreamble = good.slice();
    badPreamble[0] = 0xab;
    expect(() => decodeFrame(badPreamble)).toThrow(/AA AA AA 96 69/);
    const badLength = good.slice();
    badLength[6] = 0x04;
    expect(() => decodeFrame(badLength)).toThrow(/LEN/);
    const badChecksum = good.slice();
    badChecksum[9] = 0x23;
    expect(() => decodeFrame(badChecksum)).toThrow(/checksum/);
    expect(() => decodeFrame(good.subarray(0, 5))).toThrow(Ga467CodecError);
    expect(() => decodeFrame(good)).not.toThrow();
  });

  it('refuses payloads too long for the LEN field limit', () => {
    expect(() => encodeFrame(new Uint8Array(5000))).toThrow(Ga467CodecError);
  });
});

describe('samStatus', () => {
  it('maps every documented SW3 to a code and zh/en text', () => {
    expect(KNOWN_SW3).toHaveLength(20);
    for (const sw3 of KNOWN_SW3) {
      const status = samStatus(sw3);
      expect(status.code).not.toBe('UNKNOWN_STATUS');
      expect(status.zh.length).toBeGreaterThan(0);
      expect(status.en.length).toBeGreaterThan(0);
    }
    expect(new Set(KNOWN_SW3.map((sw3) => samStatus(sw3).code)).size).toBe(20);
  });

  it.each([
    [0x90, 'OK', true],
    [0x9f, 'CARD_FOUND', true],
    [0x91, 'NO_CONTENT', true],
    [0x10, 'CHECKSUM_ERROR', false],
    [0x11, 'LENGTH_ERROR', false],
    [0x21, 'COMMAND_ERROR', false],
    [0x23, 'UNAUTHORISED_OPERATION', false],
    [0x24, 'UNRECOGNISED_ERROR', false],
    [0x31, 'CARD_AUTHENTICATE_SAM_FAILED', false],
    [0x32, 'SAM_AUTHENTICATE_CARD_FAILED', false],
    [0x33, 'INFORMATION_VERIFY_FAILED', false],
    [0x37, 'FINGERPRINT_VERIFY_FAILED', false],
    [0x3f, 'INFORMATION_LENGTH_ERROR', false],
    [0x40, 'UNKNOWN_CARD_TYPE', false],
    [0x41, 'READ_CARD_FAILED', false],
    [0x47, 'RANDOM_NUMBER_FAILED', false],
    [0x60, 'SAM_SELF_TEST_FAILED', false],
    [0x66, 'SAM_NOT_AUTHORISED', false],
    [0x80, 'NO_CARD', false],
    [0x81, 'SELECT_CARD_FAILED', false],
    [0x55, 'UNKNOWN_STATUS', false],
  ])('SW3 %i → %s', (sw3, code, ok) => {
    expect(samStatus(sw3)).toMatchObject({ sw3, code, ok });
  });

  it('carries the status in a typed error', () => {
    const error = new SamStatusError('read-text-photo', samStatus(0x41));
    expect(error).toMatchObject({
      code: 'SAM_STATUS',
      operation: 'read-text-photo',
      status: { code: 'READ_CARD_FAILED' },
    });
    expect(error.message).toContain('0x41');
  });
});
