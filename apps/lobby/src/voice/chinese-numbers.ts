/**
 * How numbers are read aloud in a hall call.
 *
 * - Ticket digits are read one by one with the everyday digit names: 0 零, 1 一, 2 二 … (“A零零一号”). We do not
 *   use 幺 (yāo) for 1: it is the radio/telephone reading and many visitors, especially older ones, do not expect
 *   it at a service hall; a hall that wants 幺 records it as its `zh.digit.1` clip (and phrase) in its own pack.
 * - 2 is 二, never 两, both in digits and in window numbers (“二号窗口”, “十二号窗口”).
 * - Window numbers 1–99 are read as numbers (三, 十二, 二十, 九十九). Larger window numbers (the hall schema allows
 *   up to 999) are read digit by digit (一零五号窗口): rare in practice, and it keeps the clip set at 1–99.
 */
export const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

export const ENGLISH_DIGITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
] as const;

/** The largest number read as a whole number; above it a number is read digit by digit. */
export const MAX_WHOLE_NUMBER = 99;

export function chineseDigit(digit: number): string {
  const name = CHINESE_DIGITS[digit];
  if (name === undefined || !Number.isInteger(digit)) throw new RangeError(`not a digit: ${digit}`);
  return name;
}

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. Only 1..99. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_WHOLE_NUMBER) throw new RangeError(`not in 1..99: ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${chineseDigit(tens)}十`;
  const onesPart = ones === 0 ? '' : chineseDigit(ones);
  return tensPart + onesPart;
}

const ENGLISH_TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const ENGLISH_TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
] as const;

/** 1 → one, 12 → twelve, 42 → forty-two. Only 1..99. */
export function englishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_WHOLE_NUMBER) throw new RangeError(`not in 1..99: ${n}`);
  if (n < 10) return ENGLISH_DIGITS[n]!;
  if (n < 20) return ENGLISH_TEENS[n - 10]!;
  const tens = ENGLISH_TENS[Math.floor(n / 10)]!;
  const ones = n % 10;
  return ones === 0 ? tens : `${tens}-${ENGLISH_DIGITS[ones]!}`;
}
