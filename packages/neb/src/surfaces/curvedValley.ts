import type { Surface } from "./surface.js";

/**
 * A ring-shaped valley with a hump in the middle:
 * E(x,y) = h (x²+y²−1)² + c y² + d y³ + e y (1−x²)².
 * Minima at exactly (±1, 0) with E = 0. The straight line between them crosses the hump at the
 * origin (E = h, 2 by default), while the valley bends around it through a saddle near (0, −1)
 * (0, −0.942477) with energy 0.374854 at the defaults (h = 2, c = 0.5, d = 0, e = 0.1); the upper saddle
 * near (0, 0.928) is at 0.562. The `e` term is zero at the minima and tilts the
 * straight line towards the lower (y < 0) half, so a band started on the straight line slides off
 * the ridge instead of balancing on it.
 *
 * @example
 * ```ts
 * const v = surfaces.curvedValley();
 * ```
 */
export function curvedValley(options: { h?: number; c?: number; d?: number; e?: number } = {}): Surface {
  const h = options.h ?? 2;
  const c = options.c ?? 0.5;
  const d = options.d ?? 0;
  const e = options.e ?? 0.1;
  const energy = (x: Float64Array, grad: Float64Array): number => {
    const px = x[0];
    const py = x[1];
    const r = px * px + py * py - 1;
    const w = 1 - px * px;
    grad[0] = 4 * h * r * px - 4 * e * py * w * px;
    grad[1] = 4 * h * r * py + 2 * c * py + 3 * d * py * py + e * w * w;
    return h * r * r + c * py * py + d * py * py * py + e * py * w * w;
  };
  return {
    name: "curved-valley",
    dim: 2,
    energy,
    minima: [
      [-1, 0],
      [1, 0],
    ],
    // Approximate: refine with refineCriticalPoint (the tests do).
    saddles: [
      [0, -0.942477],
      [0, 0.928188],
    ],
    bounds: [-1.6, 1.6, -1.6, 1.2],
  };
}
