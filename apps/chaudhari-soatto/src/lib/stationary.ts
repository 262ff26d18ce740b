import { type FokkerPlanckOperator, stationary } from "@langevin/fokker-planck";

/**
 * fokker-planck's `stationary()` with the density floored at 1e-300 so that logarithms and KL
 * divergences are defined where far tails underflow to 0. The experiments assemble full diffusion
 * matrices with `crossDiffusion: "monotone"` (Selling's M-matrix stencil), so no value is negative;
 * with the default central cross-diffusion terms the solve left negative values (952 and 2833 cells,
 * down to −3.9e−3, in test mode). `rawMin` records the most negative value before the floor.
 *
 * @example
 * ```ts
 * const { density, rawMin } = stationaryDensity(fokkerPlanck(problem, grid), ctx.signal);
 * ```
 */
export function stationaryDensity(
  op: FokkerPlanckOperator,
  signal?: AbortSignal,
): { density: Float64Array; residual: number; method: string; rawMin: number } {
  const ss = stationary(op, { signal });
  let rawMin = 0;
  for (const v of ss.density) rawMin = Math.min(rawMin, v);
  const density = Float64Array.from(ss.density, (v) => Math.max(v, 1e-300));
  return { density, residual: ss.residual, method: ss.method, rawMin };
}

/**
 * The most likely point with sub-cell accuracy: the grid maximum refined by a parabola through it and its
 * two neighbours along each axis (exact for a quadratic log-density; O(h²) otherwise).
 */
export function refinedMode(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  rho: ArrayLike<number>,
  include: (x: number, y: number) => boolean,
): [number, number] {
  const nx = xs.length;
  const ny = ys.length;
  let best = -1;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i < nx - 1; i++)
    for (let j = 1; j < ny - 1; j++) {
      const v = rho[i * ny + j];
      if (v > best && include(xs[i], ys[j])) {
        best = v;
        bi = i;
        bj = j;
      }
    }
  const l = (i: number, j: number) => Math.log(rho[i * ny + j]);
  const vertex = (a: number, b: number, c: number) => {
    const den = a - 2 * b + c;
    return den < 0 ? (0.5 * (a - c)) / den : 0;
  };
  const dx = vertex(l(bi - 1, bj), l(bi, bj), l(bi + 1, bj));
  const dy = vertex(l(bi, bj - 1), l(bi, bj), l(bi, bj + 1));
  return [xs[bi] + dx * (xs[1] - xs[0]), ys[bj] + dy * (ys[1] - ys[0])];
}
