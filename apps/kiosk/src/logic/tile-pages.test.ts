import { describe, expect, it } from 'vitest';
import { pageOf, tileGrid } from './tile-pages.ts';

const six = ['A', 'B', 'C', 'D', 'E', 'F'];

describe('pageOf', () => {
  it('slices the services into pages and counts them', () => {
    expect(pageOf(six, 0, 4)).toEqual({ items: ['A', 'B', 'C', 'D'], page: 0, pages: 2 });
    expect(pageOf(six, 1, 4)).toEqual({ items: ['E', 'F'], page: 1, pages: 2 });
    expect(pageOf(six, 0, 6)).toEqual({ items: six, page: 0, pages: 1 });
  });

  it('clamps a page that no longer exists, and never has zero pages', () => {
    expect(pageOf(six, 5, 4).page).toBe(1);
    expect(pageOf(six, -1, 4).page).toBe(0);
    expect(pageOf([], 0, 4)).toEqual({ items: [], page: 0, pages: 1 });
    expect(pageOf(six, 0, 0).pages).toBe(6);
  });

  it('every service is on exactly one page', () => {
    for (const perPage of [1, 2, 3, 4, 6, 8]) {
      const { pages } = pageOf(six, 0, perPage);
      const shown = Array.from({ length: pages }, (_, p) => pageOf(six, p, perPage).items).flat();
      expect(shown).toEqual(six);
    }
  });
});

describe('tileGrid', () => {
  it('gives senior mode fewer, larger tiles in both orientations', () => {
    for (const orientation of ['portrait', 'landscape'] as const) {
      const normal = tileGrid(orientation, false);
      const senior = tileGrid(orientation, true);
      expect(senior.columns * senior.rows).toBeLessThan(normal.columns * normal.rows);
      expect(senior.columns).toBeLessThanOrEqual(normal.columns);
    }
  });
});
