import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import type { Grid } from "./grid.js";

function check(grid: Grid, rho: ArrayLike<number>, name = "rho") {
  if (rho.length !== grid.size)
    throw new ShapeMismatchError(name, `length ${rho.length} ≠ grid.size ${grid.size}`);
}

/**
 * Total probability `Σ ρ_i dV`.
 *
 * @example
 * ```ts
 * mass(g, rho); // 1 for a normalised density
 * ```
 */
export function mass(grid: Grid, rho: ArrayLike<number>): number {
  check(grid, rho);
  let s = 0;
  for (let i = 0; i < rho.length; i++) s += rho[i];
  return s * grid.cellVolume;
}

/**
 * Smallest value of a density.
 *
 * @example
 * ```ts
 * minDensity(rho) >= 0;
 * ```
 */
export function minDensity(rho: ArrayLike<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rho.length; i++) if (rho[i] < m) m = rho[i];
  return m;
}

/**
 * Returns a copy of `rho` scaled to unit mass.
 *
 * @example
 * ```ts
 * const p = normalize(g, rho); // mass(g, p) === 1
 * ```
 */
export function normalize(grid: Grid, rho: ArrayLike<number>): Float64Array {
  const m = mass(grid, rho);
  if (!(m > 0)) throw new InvalidArgumentError("rho", `mass must be > 0, got ${m}`);
  const out = new Float64Array(rho.length);
  for (let i = 0; i < rho.length; i++) out[i] = rho[i] / m;
  return out;
}

/**
 * Samples a function at the cell centres (e.g. an initial density), `out[i] = fn(centre_i)`.
 *
 * @example
 * ```ts
 * const rho0 = sample(g, (x) => Math.exp(-x[0] ** 2));
 * ```
 */
export function sample(grid: Grid, fn: (x: Float64Array) => number): Float64Array {
  const out = new Float64Array(grid.size);
  const x = new Float64Array(grid.dim);
  for (let i = 0; i < grid.size; i++) out[i] = fn(grid.center(i, x));
  return out;
}

/**
 * Marginal density along one axis: `Σ_{other axes} ρ dV / h_axis` (length `cells[axis]`).
 *
 * @example
 * ```ts
 * const px = marginal(g, rho, 0);
 * ```
 */
export function marginal(grid: Grid, rho: ArrayLike<number>, axis: number): Float64Array {
  check(grid, rho);
  if (!(axis >= 0 && axis < grid.dim)) throw new InvalidArgumentError("axis", `must be in [0, ${grid.dim})`);
  const n = grid.cells[axis];
  const out = new Float64Array(n);
  const st = grid.strides[axis];
  for (let i = 0; i < grid.size; i++) out[Math.floor(i / st) % n] += rho[i];
  const w = grid.cellVolume / grid.spacing[axis];
  for (let i = 0; i < n; i++) out[i] *= w;
  return out;
}

/** Mass, mean and covariance of a density. */
export interface Moments {
  /** Total probability Σ ρ dV (1 for a normalised density). */
  mass: number;
  /** Mean position, one entry per axis. */
  mean: Float64Array;
  /** Row-major dim × dim. */
  covariance: Float64Array;
}

/**
 * Mass, mean and covariance (midpoint rule over the cells; the density is normalised first).
 *
 * @example
 * ```ts
 * const { mean, covariance } = moments(g, rho);
 * ```
 */
export function moments(grid: Grid, rho: ArrayLike<number>): Moments {
  check(grid, rho);
  const d = grid.dim;
  const x = new Float64Array(d);
  const mean = new Float64Array(d);
  const second = new Float64Array(d * d);
  let m = 0;
  for (let i = 0; i < grid.size; i++) {
    const w = rho[i];
    if (w === 0) continue;
    grid.center(i, x);
    m += w;
    for (let a = 0; a < d; a++) {
      mean[a] += w * x[a];
      for (let b = 0; b < d; b++) second[a * d + b] += w * x[a] * x[b];
    }
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) mean[a] /= m;
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) cov[a * d + b] = second[a * d + b] / m - mean[a] * mean[b];
  return { mass: m * grid.cellVolume, mean, covariance: cov };
}

/**
 * Centre of the cell with the largest density.
 *
 * @example
 * ```ts
 * mode(g, rho); // Float64Array [x, y]
 * ```
 */
export function mode(grid: Grid, rho: ArrayLike<number>): Float64Array {
  check(grid, rho);
  let best = 0;
  for (let i = 1; i < grid.size; i++) if (rho[i] > rho[best]) best = i;
  return grid.center(best);
}
