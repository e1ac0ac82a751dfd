import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from './mask.ts';

describe('masking', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '*'],
    ['', ''],
    ['SMITH, JOHN', 'S*********N'],
    ['𠮷野家', '𠮷*家'],
  ])('maskName(%s) → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['11010519491231002X', '110***********002X'],
    ['USA110012345678', 'USA********5678'],
    ['1234567', '*******'],
  ])('maskIdNumber(%s) → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });
});
