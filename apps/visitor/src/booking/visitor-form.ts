/**
 * The booking form's checks, as the hub makes them (so the visitor hears of a typo before sending): the ID number
 * with its GB 11643 check character, the mobile number, the name. Pure.
 */
import type { AppointmentCardType } from '@hallq/protocol';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of an 18-character number's first 17 digits (GB 11643-1999). */
export function checkCharOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

export type FieldProblem = 'required' | 'form' | 'check-digit';

/** Upper-cases the X and drops spaces, as a visitor types them on a phone. */
export const normaliseIdNumber = (typed: string): string => typed.replace(/\s/g, '').toUpperCase();

export function idNumberProblem(cardType: AppointmentCardType, typed: string): FieldProblem | null {
  const id = normaliseIdNumber(typed);
  if (id === '') return 'required';
  if (cardType === 'foreign-2017') return /^[A-Z]{3}[0-9]{12}$/.test(id) ? null : 'form';
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'form';
  // 港澳台居民居住证 numbers start 81/82/83; the 2023 foreigner card starts 9. Resident cards start with a region.
  if (cardType === 'hk-mo-tw' && !/^8[123]/.test(id)) return 'form';
  if (cardType === 'foreign-2023' && !id.startsWith('9')) return 'form';
  return checkCharOf(id.slice(0, 17)) === id[17] ? null : 'check-digit';
}

export const normalisePhone = (typed: string): string => typed.replace(/[\s-]/g, '');

export function phoneProblem(typed: string): FieldProblem | null {
  const phone = normalisePhone(typed);
  if (phone === '') return 'required';
  return /^1[3-9]\d{9}$/.test(phone) ? null : 'form';
}

export function nameProblem(typed: string): FieldProblem | null {
  const name = typed.trim();
  if (name === '') return 'required';
  return name.length > 60 ? 'form' : null;
}

/** "K7M2PX9Q" → "K7M2 PX9Q": easier to read aloud and to type at the kiosk. */
export const groupCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;
