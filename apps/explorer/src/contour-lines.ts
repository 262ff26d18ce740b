import { marchingSquares } from "@langevin/core";

/** The canvas rectangle (CSS pixels, y down) a field is drawn in. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Iso-lines of cell-centred values `v[i * ny + j]` (i along x, j along y) at `levels`, traced by
 * `@langevin/core`'s `marchingSquares` and mapped to canvas pixels: cell (i, j) is centred at
 * x = rect.x + (i + ½)/nx · rect.w, y = rect.y + rect.h − (j + ½)/ny · rect.h (y up on the screen).
 * Appends the segments to `out` as a flat list [x0, y0, x1, y1, …] and returns it.
 * @example
 * const seg = contourPixels(values, 128, 128, contourLevels(values, 12), { x: 44, y: 26, w: 400, h: 400 });
 * for (let k = 0; k < seg.length; k += 4) path.moveTo(seg[k], seg[k + 1]), path.lineTo(seg[k + 2], seg[k + 3]);
 */
export function contourPixels(
  v: ArrayLike<number>,
  nx: number,
  ny: number,
  levels: ArrayLike<number>,
  rect: PixelRect,
  out: number[] = [],
): number[] {
  for (let l = 0; l < levels.length; l++) {
    const start = out.length;
    marchingSquares(v, nx, ny, levels[l], out);
    for (let k = start; k < out.length; k += 2) {
      out[k] = rect.x + ((out[k] + 0.5) / nx) * rect.w;
      out[k + 1] = rect.y + rect.h - ((out[k + 1] + 0.5) / ny) * rect.h;
    }
  }
  return out;
}

/**
 * `count` contour levels between the minimum and a high quantile of the values (so that a potential
 * that explodes at the border, such as Müller–Brown, still gets its levels where the density lives).
 * @example
 * contourLevels(Float64Array.of(0, 1, 2, 3, 4), 4, 1); // [0.8, 1.6, 2.4, 3.2]
 */
export function contourLevels(v: ArrayLike<number>, count: number, quantile = 0.6): number[] {
  const finite = Array.from(v)
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  if (finite.length === 0) return [];
  const lo = finite[0];
  const hi = finite[Math.min(finite.length - 1, Math.floor(quantile * (finite.length - 1)))];
  if (!(hi > lo)) return [];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) levels.push(lo + ((hi - lo) * k) / (count + 1));
  return levels;
}
