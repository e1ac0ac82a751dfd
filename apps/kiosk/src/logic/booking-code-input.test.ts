import { describe, expect, it } from 'vitest';
import { bookingCodeFromScan, isCompleteCode, KEYPAD_KEYS, typeKey } from './booking-code-input.ts';

describe('booking code input', () => {
  it('the keypad has no look-alike characters', () => {
    for (const lookAlike of ['0', 'O', '1', 'I', 'L']) expect(KEYPAD_KEYS).not.toContain(lookAlike);
    expect(KEYPAD_KEYS).toHaveLength(31);
  });

  it('types up to 8 characters of the alphabet; backspace and clear edit', () => {
    let code = '';
    for (const key of [...'K7M2PX9QZZ']) code = typeKey(code, key);
    expect(code).toBe('K7M2PX9Q');
    expect(isCompleteCode(code)).toBe(true);
    expect(typeKey(code, 'backspace')).toBe('K7M2PX9');
    expect(isCompleteCode('K7M2PX9')).toBe(false);
    expect(typeKey(code, 'clear')).toBe('');
    expect(typeKey('K7', 'O')).toBe('K7');
  });

  it('finds the code in our QR payload or a bare code, and nothing in other QR codes', () => {
    expect(bookingCodeFromScan('hallq:appointment:K7M2PX9Q')).toBe('K7M2PX9Q');
    expect(bookingCodeFromScan('HALLQ:APPOINTMENT:k7m2px9q')).toBe('K7M2PX9Q');
    expect(bookingCodeFromScan(' k7m2-px9q ')).toBe('K7M2PX9Q');
    expect(bookingCodeFromScan('hallq:ticket:2026-11-28:A001')).toBeNull();
    expect(bookingCodeFromScan('https://example.com/K7M2PX9Q')).toBeNull();
    expect(bookingCodeFromScan('K7M2PX9O')).toBeNull();
    expect(bookingCodeFromScan('')).toBeNull();
  });
});
