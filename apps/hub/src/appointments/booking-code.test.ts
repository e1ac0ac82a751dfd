import { BOOKING_CODE_ALPHABET, BookingCode } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { newBookingCode, normaliseBookingCode } from './booking-code.ts';

describe('booking codes', () => {
  it('has no look-alike characters in its alphabet', () => {
    for (const c of '01ILO') expect(BOOKING_CODE_ALPHABET).not.toContain(c);
    expect(new Set(BOOKING_CODE_ALPHABET).size).toBe(BOOKING_CODE_ALPHABET.length);
  });

  it('draws 8 characters the schema accepts, all different over 10,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const code = newBookingCode((c) => seen.has(c));
      expect(BookingCode.safeParse(code).success).toBe(true);
      seen.add(code);
    }
    expect(seen.size).toBe(10_000);
  });

  it('draws again while a code is taken, and gives up rather than loop for ever', () => {
    let draw = 0;
    // The first code drawn is all "2" (index 0), the second all "3".
    const random = () => Math.floor(draw++ / 8);
    expect(newBookingCode((c) => c === '22222222', random)).toBe('33333333');
    expect(() => newBookingCode(() => true)).toThrow(/no unused booking code/);
  });

  it('reads a code as a visitor types it', () => {
    expect(normaliseBookingCode(' k7m2-qx9p ')).toBe('K7M2QX9P');
  });
});
