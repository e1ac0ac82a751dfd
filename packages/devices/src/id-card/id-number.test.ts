import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, isValidForeignPermanentNumber2017, isValidIdNumber } from './id-number.ts';

const VALID = [
  '11010519491231002X',
  '440524188001010014',
  '34052419800101001X',
  '810000199408230021',
  '830000199201300022',
];

describe('GB 11643 check digit', () => {
  it.each(VALID)('%s is valid', (id) => {
    expect(isValidIdNumber(id)).toBe(true);
    expect(isValidIdNumber(id.toLowerCase())).toBe(true);
  });

  it.each(VALID)('changing any one digit of %s makes it invalid', (id) => {
    for (let i = 0; i < 17; i += 1) {
      const digit = Number(id[i]);
      const changed = `${id.slice(0, i)}${(digit + 1) % 10}${id.slice(i + 1)}`;
      expect(isValidIdNumber(changed)).toBe(false);
    }
    const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    expect(isValidIdNumber(wrongCheck)).toBe(false);
  });

  it('rejects malformed numbers', () => {
    for (const bad of [
      '',
      '1101051949123100',
      '11010519491231002Y',
      '1101051949123100XX',
      '11010519491231002X0',
    ]) {
      expect(isValidIdNumber(bad)).toBe(false);
    }
    expect(idNumberCheckChar('1234')).toBeUndefined();
  });

  it('computes the check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('checks the 2017 permanent residence number format', () => {
    expect(isValidForeignPermanentNumber2017('USA110012345678')).toBe(true);
    expect(isValidForeignPermanentNumber2017('US1110012345678')).toBe(false);
    expect(isValidForeignPermanentNumber2017('USA11001234567')).toBe(false);
  });
});
