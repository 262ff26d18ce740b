import type { Surface } from "./surface.js";

const A = [-200, -100, -170, 15];
const a = [-1, -1, -6.5, 0.7];
const b = [0, 0, 11, 0.6];
const c = [-10, -10, -6.5, 0.7];
const X0 = [1, 0, -0.5, -1];
const Y0 = [0, 0.5, 1.5, 1];

/**
 * The Müller–Brown potential (Müller & Brown 1979) with the standard parameters
 * A = [-200,-100,-170,15], a = [-1,-1,-6.5,0.7], b = [0,0,11,0.6], c = [-10,-10,-6.5,0.7],
 * x0 = [1,0,-0.5,-1], y0 = [0,0.5,1.5,1]:
 * E(x,y) = Σₖ Aₖ exp(aₖ(x−x0ₖ)² + bₖ(x−x0ₖ)(y−y0ₖ) + cₖ(y−y0ₖ)²).
 *
 * @example
 * ```ts
 * const g = new Float64Array(2);
 * mullerBrownEnergy(new Float64Array([-0.558, 1.442]), g); // ≈ -146.7
 * ```
 */
export function mullerBrownEnergy(x: Float64Array, grad: Float64Array): number {
  const px = x[0];
  const py = x[1];
  let e = 0;
  let gx = 0;
  let gy = 0;
  for (let k = 0; k < 4; k++) {
    const dx = px - X0[k];
    const dy = py - Y0[k];
    const v = A[k] * Math.exp(a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy);
    e += v;
    gx += v * (2 * a[k] * dx + b[k] * dy);
    gy += v * (b[k] * dx + 2 * c[k] * dy);
  }
  grad[0] = gx;
  grad[1] = gy;
  return e;
}

/**
 * The Müller–Brown surface: minima A (global), B (second) and C (intermediate, between them on
 * the minimum-energy path from A to B), and the two saddles S1 (A–C, the higher) and S2 (C–B).
 *
 * @example
 * ```ts
 * const mb = surfaces.mullerBrown();
 * const [globalMin, secondMin, intermediate] = mb.minima;
 * ```
 */
export function mullerBrown(): Surface {
  return {
    name: "muller-brown",
    dim: 2,
    energy: mullerBrownEnergy,
    minima: [
      [-0.558224, 1.441726],
      [0.623499, 0.028038],
      [-0.050011, 0.466694],
    ],
    saddles: [
      [-0.822002, 0.624313],
      [0.212487, 0.292988],
    ],
    bounds: [-1.5, 1.2, -0.3, 2.0],
  };
}
