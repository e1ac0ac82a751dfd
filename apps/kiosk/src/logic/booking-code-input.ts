/**
 * Booking codes at the kiosk: the keys of the on-screen keypad (the code alphabet, which has no look-alikes), and
 * the code inside a scanned QR code. Pure.
 */
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH } from '@hallq/protocol';

export const KEYPAD_KEYS: readonly string[] = [...BOOKING_CODE_ALPHABET];
export { BOOKING_CODE_LENGTH };

const CODE = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${BOOKING_CODE_LENGTH}}$`);

/** What the QR code on the booking page carries (apps/visitor): `hallq:appointment:<code>`. */
export const APPOINTMENT_QR_PREFIX = 'hallq:appointment:';

/** One key on the keypad: a character of the alphabet appends (up to 8), anything else changes nothing. */
export function typeKey(code: string, key: string): string {
  if (key === 'backspace') return code.slice(0, -1);
  if (key === 'clear') return '';
  if (code.length >= BOOKING_CODE_LENGTH || !KEYPAD_KEYS.includes(key)) return code;
  return code + key;
}

export const isCompleteCode = (code: string): boolean => CODE.test(code);

/**
 * The booking code in a scanned text: our QR code's `hallq:appointment:<code>`, or a bare code (a scanner reading
 * the printed code as a barcode, spaces or dashes between groups allowed). Null for anything else — another
 * hall's or another system's QR code is not guessed at.
 */
export function bookingCodeFromScan(text: string): string | null {
  const trimmed = text.trim();
  const body = trimmed.toLowerCase().startsWith(APPOINTMENT_QR_PREFIX)
    ? trimmed.slice(APPOINTMENT_QR_PREFIX.length)
    : trimmed;
  const code = body.replace(/[\s-]/g, '').toUpperCase();
  return CODE.test(code) ? code : null;
}
