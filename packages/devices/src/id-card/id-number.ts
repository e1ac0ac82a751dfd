const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits of an 18-character number.
 * Used by resident ID cards, 港澳台居民居住证 (810000/820000/830000…) and the 2023 foreigner permanent
 * residence card (first digit 9). Returns undefined if `first17` is not 17 digits.
 */
export function idNumberCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

/** True when `idNumber` is 17 digits followed by the right check character (X upper or lower case). */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return false;
  return idNumberCheckChar(idNumber.slice(0, 17)) === idNumber.slice(17).toUpperCase();
}

/** 2017 foreigner permanent residence card number: 3-letter ISO 3166-1 country code + 12 digits. */
export const isValidForeignPermanentNumber2017 = (number: string): boolean => /^[A-Z]{3}\d{12}$/.test(number);
