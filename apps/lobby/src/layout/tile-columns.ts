/**
 * How many waiting tiles go in one row: all of them when they fit (6 on a landscape screen, 3 in portrait),
 * otherwise rows as even as possible (7 services → 4 + 3, not 6 + 1).
 */
export function tileColumns(tiles: number, orientation: 'portrait' | 'landscape'): number {
  const most = orientation === 'portrait' ? 3 : 6;
  if (tiles <= most) return Math.max(1, tiles);
  return Math.ceil(tiles / Math.ceil(tiles / most));
}
