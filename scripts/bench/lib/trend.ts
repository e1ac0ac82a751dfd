/** A least-squares line through (x, y) points: the slope, the intercept and how well the line fits (R²). */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  readonly r2: number;
  readonly n: number;
}

export function linearFit(points: readonly { readonly x: number; readonly y: number }[]): LinearFit {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN, n };
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  const slope = sxx === 0 ? Number.NaN : sxy / sxx;
  // A flat series (syy = 0) is fitted perfectly by a flat line.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: meanY - slope * meanX, r2, n };
}
