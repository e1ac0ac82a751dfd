import { describe, expect, it } from 'vitest';
import { tileColumns } from './tile-columns.ts';

describe('tileColumns', () => {
  it('puts up to 6 tiles in a row on a landscape screen and 3 in portrait, in even rows beyond', () => {
    expect([1, 4, 6, 7, 12, 13].map((n) => tileColumns(n, 'landscape'))).toEqual([1, 4, 6, 4, 6, 5]);
    expect([1, 3, 4, 5, 6, 7].map((n) => tileColumns(n, 'portrait'))).toEqual([1, 3, 2, 3, 3, 3]);
    expect(tileColumns(0, 'landscape')).toBe(1);
  });
});
