/**
 * Service tiles are shown in pages that fit the screen, so that every service is reachable without scrolling:
 * the grid for each orientation and mode is fixed here, and the layout checks prove each one fits.
 */

export type Orientation = 'portrait' | 'landscape';

export interface TileGrid {
  readonly columns: number;
  readonly rows: number;
  /** Wide tiles: 办事指南 beside the tile rather than under it, so a long name has the height it needs. */
  readonly wide: boolean;
}

/**
 * Portrait 1080×1920 and landscape 1920×1080 screens. Senior mode (text 1.5×, touch targets ≥ 90 px) gets fewer,
 * larger tiles per page.
 */
export function tileGrid(orientation: Orientation, elderly: boolean): TileGrid {
  // Senior mode: wide tiles, one column in portrait, two in landscape: a long English name takes three lines at
  // 1.5× and must still fit with its figures.
  if (orientation === 'portrait') {
    return elderly ? { columns: 1, rows: 3, wide: true } : { columns: 2, rows: 4, wide: false };
  }
  return elderly ? { columns: 2, rows: 1, wide: true } : { columns: 3, rows: 2, wide: false };
}

export interface TilePage<T> {
  readonly items: readonly T[];
  /** Zero-based, clamped to the pages there are. */
  readonly page: number;
  /** At least 1. */
  readonly pages: number;
}

/** The `page`-th slice of `perPage` items; a page past the end (the services changed) shows the last one. */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): TilePage<T> {
  const size = Math.max(1, Math.floor(perPage));
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { items: items.slice(current * size, (current + 1) * size), page: current, pages };
}
