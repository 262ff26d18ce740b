import { assertPositive, InvalidArgumentError, solveLinear, symmetricEigen } from "@langevin/core";
import type { EnergyFunction, PointLike } from "./types.js";

/**
 * Options of `refineCriticalPoint`.
 *
 * @example
 * ```ts
 * refineCriticalPoint(energy, x0, { gradientTolerance: 1e-12, maxStep: 0.05 });
 * ```
 */
export interface RefineOptions {
  /** Stop when |∇E| falls below this (1e-10). */
  gradientTolerance?: number;
  /** Newton iterations at most (50). */
  maxIter?: number;
  /** Largest Newton step norm (0.1): a crude trust region. */
  maxStep?: number;
  /** Central-difference step for the Hessian from the gradient (1e-5). */
  h?: number;
  /** Analytic Hessian (row-major dim×dim into `out`); finite differences of the gradient otherwise. */
  hessian?: (x: Float64Array, out: Float64Array) => void;
}

/**
 * A critical point found by Newton's method.
 *
 * @example
 * ```ts
 * const c: CriticalPoint = refineSaddle(energy, guess);
 * if (c.converged && c.index === 1) console.log(c.x, c.energy);
 * ```
 */
export interface CriticalPoint {
  x: Float64Array;
  energy: number;
  gradientNorm: number;
  iterations: number;
  converged: boolean;
  /** Hessian at x (row-major). */
  hessian: Float64Array;
  /** Number of negative Hessian eigenvalues (core's `symmetricEigen`): 0 at a minimum, 1 at a first-order saddle. */
  index: number;
}

/**
 * Newton's method on ∇E(x) = 0 (solving H Δx = −∇E, the step capped at `maxStep`), for an
 * independent check of a saddle (or minimum) found by NEB. The Hessian comes from central
 * differences of the analytic gradient unless given; the root found is that of the gradient.
 *
 * @example
 * ```ts
 * const mb = surfaces.mullerBrown();
 * const s = refineCriticalPoint(mb.energy, [-0.82, 0.62]); // s.index === 1
 * ```
 */
export function refineCriticalPoint(
  energy: EnergyFunction,
  x0: PointLike,
  options: RefineOptions = {},
): CriticalPoint {
  const n = x0.length;
  if (n < 1) throw new InvalidArgumentError("x0", "must not be empty");
  const tol = options.gradientTolerance ?? 1e-10;
  const maxIter = options.maxIter ?? 50;
  const maxStep = options.maxStep ?? 0.1;
  const h = options.h ?? 1e-5;
  assertPositive(maxStep, "options.maxStep");
  assertPositive(h, "options.h");
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const H = new Float64Array(n * n);
  const hessianAt = (): void => {
    if (options.hessian) {
      options.hessian(x, H);
      return;
    }
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      x[j] = xj + h;
      energy(x, gp);
      x[j] = xj - h;
      energy(x, gm);
      x[j] = xj;
      for (let i = 0; i < n; i++) H[i * n + j] = (gp[i] - gm[i]) / (2 * h);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = 0.5 * (H[i * n + j] + H[j * n + i]);
        H[i * n + j] = v;
        H[j * n + i] = v;
      }
    }
  };
  let e = energy(x, g);
  let gn = Math.hypot(...g);
  let it = 0;
  while (gn > tol && it < maxIter) {
    hessianAt();
    let dx: Float64Array;
    try {
      dx = solveLinear(H, n, g);
    } catch {
      break; // singular Hessian: stop here, converged stays false
    }
    let dn = 0;
    for (let i = 0; i < n; i++) dn += dx[i] * dx[i];
    dn = Math.sqrt(dn);
    if (!Number.isFinite(dn)) break;
    const s = dn > maxStep ? maxStep / dn : 1;
    for (let i = 0; i < n; i++) x[i] -= s * dx[i];
    e = energy(x, g);
    gn = Math.hypot(...g);
    it++;
  }
  hessianAt();
  return {
    x,
    energy: e,
    gradientNorm: gn,
    iterations: it,
    converged: gn <= tol,
    hessian: H,
    index: countNegative(symmetricEigen(H, n).values),
  };
}

function countNegative(values: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < 0) k++;
  return k;
}

/**
 * Alias of `refineCriticalPoint`, named for its main use: polishing a climbing image into the
 * saddle point (check `index === 1`).
 *
 * @example
 * ```ts
 * const s = refineSaddle(energy, result.saddle.x);
 * ```
 */
export const refineSaddle = refineCriticalPoint;
