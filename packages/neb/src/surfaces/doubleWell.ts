import type { Surface } from "./surface.js";

/**
 * A 2-D double well E(x,y) = (x²−1)²/4 + y²/2 + tilt·x: minima near (±1, 0), a saddle near the
 * origin (exactly at the origin, energy 1/4, when tilt = 0). This is Φ of Chaudhari & Soatto's
 * Example 19.
 *
 * @example
 * ```ts
 * const dw = surfaces.doubleWell({ tilt: 0.05 });
 * ```
 */
export function doubleWell(options: { tilt?: number } = {}): Surface {
  const tilt = options.tilt ?? 0;
  const energy = (x: Float64Array, grad: Float64Array): number => {
    const u = x[0] * x[0] - 1;
    grad[0] = u * x[0] + tilt;
    grad[1] = x[1];
    return 0.25 * u * u + 0.5 * x[1] * x[1] + tilt * x[0];
  };
  // Roots of x³ − x + tilt = 0 by Newton from ±1 and 0 (exact for tilt = 0).
  const root = (x0: number): number => {
    let x = x0;
    for (let i = 0; i < 60; i++) x -= (x * x * x - x + tilt) / (3 * x * x - 1);
    return x;
  };
  return {
    name: "double-well",
    dim: 2,
    energy,
    minima: [
      [root(-1), 0],
      [root(1), 0],
    ],
    saddles: [[root(0), 0]],
    bounds: [-1.8, 1.8, -1.2, 1.2],
  };
}
