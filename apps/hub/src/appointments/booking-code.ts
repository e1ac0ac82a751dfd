import { randomInt } from 'node:crypto';
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH } from '@hallq/protocol';

/**
 * A new booking code: 8 characters drawn uniformly (crypto randomInt, no modulo bias) from an alphabet without
 * look-alikes, retried until `taken` says it is unused. 31^8 ≈ 8.5·10^11 codes: a guessed code is a miss.
 */
export function newBookingCode(taken: (code: string) => boolean, random = randomInt): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    let code = '';
    for (let i = 0; i < BOOKING_CODE_LENGTH; i++)
      code += BOOKING_CODE_ALPHABET[random(BOOKING_CODE_ALPHABET.length)];
    if (!taken(code)) return code;
  }
  throw new Error('no unused booking code found in 20 draws');
}

/** A code as a visitor may type it: lower case and spaces forgiven. */
export const normaliseBookingCode = (typed: string): string => typed.replace(/[\s-]/g, '').toUpperCase();
