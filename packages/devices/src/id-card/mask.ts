/**
 * Masked forms of personal data for logs, callbacks and screens that must not show it in full.
 * Names and ID numbers are never logged unmasked.
 */

/** '张三丰' → '张*丰', '张三' → '张*', '欧阳娜娜' → '欧**娜', 'JOHN SMITH' → 'J********H'. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Keeps the first 3 and the last 4 characters: '11010519491231002X' → '110***********002X'. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}
