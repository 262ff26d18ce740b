import {
  assertInteger,
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  throwIfAborted,
} from "@langevin/core";
import type { EnergyFunction, PointLike } from "./types.js";

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** "bfgs" (quasi-Newton, dense inverse-Hessian update; the default) or "gd" (steepest descent). */
  method?: "bfgs" | "gd";
  /** Stop when |∇E| ≤ gtol (absolute, Euclidean norm; 1e-8). A right value depends on E's scale. */
  gtol?: number;
  /** Iteration limit (1000 for bfgs, 100000 for gd). */
  maxIter?: number;
  /** Checked every iteration; an aborted run throws `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Why {@link minimize} stopped: `"converged"` (|∇E| ≤ gtol); `"max-iter"`; `"line-search"` (80
 * halvings found no step with sufficient decrease: round-off floor of E, or a kink); `"diverged"`
 * (E fell below −1e300 or ∇E overflowed: E looks unbounded below).
 */
export type MinimizeReason = "converged" | "max-iter" | "line-search" | "diverged";

/** What {@link minimize} returns. */
export interface MinimizeResult {
  /** The last iterate (the point of lowest E found). */
  x: Float64Array;
  /** E(x). */
  energy: number;
  /** |∇E(x)|. */
  gradientNorm: number;
  /** Accepted steps. */
  iterations: number;
  /** Energy-and-gradient calls, line-search trials included. */
  evaluations: number;
  /** |∇E| ≤ gtol at x. */
  converged: boolean;
  /** E looks unbounded below (see {@link MinimizeReason}). */
  diverged: boolean;
  /** Why the iteration stopped. */
  reason: MinimizeReason;
}

// Armijo's sufficient-decrease constant (Nocedal & Wright's c₁) and the most halvings of a step.
const ARMIJO = 1e-4;
const MAX_HALVINGS = 80;

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Minimises E from `x0` by BFGS (or gradient descent) with a backtracking Armijo line search, the
 * relaxation NEB end points need before a band is built (as ASE relaxes them with its BFGS). The
 * inverse Hessian starts at the identity, is scaled by sᵀy/yᵀy after the first step (Shanno) and is
 * updated only when the curvature condition sᵀy > 1e-12·|s||y| holds; a direction that is not downhill
 * resets it. The first step of plain descent has unit length; gradient descent then doubles the last
 * accepted step length. Dense: O(n²) memory and time per step, for the dimensions of potentials and
 * small models (use `lbfgs` in a band, or autograd's optimisers, for millions of weights).
 *
 * A small |∇E| does not make a minimum (exp(x) has |∇E| = 1e-8 at x = −18): follow with
 * `refineCriticalPoint` to locate the critical point and classify it by its Hessian.
 *
 * Throws `InvalidArgumentError` for an empty or non-finite `x0` or bad options, and
 * `NonFiniteError` (context `{ argument: "x0" }`) when E or ∇E is not finite at `x0`.
 *
 * @example
 * ```ts
 * const r = minimize(surfaces.mullerBrown().energy, [0, 0.5]);
 * // r.converged === true, r.x ≈ [-0.050, 0.467] (minimum C)
 * ```
 */
export function minimize(
  energy: EnergyFunction,
  x0: PointLike,
  options: MinimizeOptions = {},
): MinimizeResult {
  const method = options.method ?? "bfgs";
  if (method !== "bfgs" && method !== "gd")
    throw new InvalidArgumentError("options.method", `expected "bfgs" or "gd", got "${String(method)}"`);
  const gtol = options.gtol ?? 1e-8;
  assertPositive(gtol, "options.gtol");
  const maxIter = options.maxIter ?? (method === "gd" ? 100000 : 1000);
  assertInteger(maxIter, "options.maxIter", 1);
  const d = x0.length;
  if (d === 0) throw new InvalidArgumentError("x0", "is empty");
  const x = Float64Array.from(x0);
  for (let i = 0; i < d; i++)
    if (!Number.isFinite(x[i])) throw new InvalidArgumentError("x0", `component ${i} is ${x[i]}`);
  const g = new Float64Array(d);
  const gNew = new Float64Array(d);
  const xNew = new Float64Array(d);
  const p = new Float64Array(d);
  const s = new Float64Array(d);
  const y = new Float64Array(d);
  const hy = new Float64Array(d);
  const h = new Float64Array(d * d);
  const resetH = () => {
    h.fill(0);
    for (let i = 0; i < d; i++) h[i * d + i] = 1;
  };
  resetH();
  let fx = energy(x, g);
  let evaluations = 1;
  const g0 = norm(g);
  if (!Number.isFinite(fx) || !Number.isFinite(g0))
    throw new NonFiniteError(`x0: the energy is ${fx} and |∇E| is ${g0} at the starting point`, {
      argument: "x0",
      energy: fx,
      gradientNorm: g0,
    });
  const result = (reason: MinimizeReason, iterations: number): MinimizeResult => {
    const gradientNorm = norm(g);
    return {
      x,
      energy: fx,
      gradientNorm,
      iterations,
      evaluations,
      converged: reason !== "diverged" && gradientNorm <= gtol,
      diverged: reason === "diverged",
      reason,
    };
  };
  let lastT = 1;
  let it = 0;
  for (; it < maxIter; it++) {
    throwIfAborted(options.signal);
    const gn = norm(g);
    if (gn <= gtol) return result("converged", it);
    let slope = 0;
    for (let i = 0; i < d; i++) {
      let v = 0;
      if (method === "bfgs") for (let j = 0; j < d; j++) v -= h[i * d + j] * g[j];
      else v = -g[i];
      p[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      // Not downhill (a stale or indefinite inverse Hessian): restart from steepest descent.
      resetH();
      slope = 0;
      for (let i = 0; i < d; i++) {
        p[i] = -g[i];
        slope -= g[i] * g[i];
      }
    }
    // First step of plain descent directions: unit length, later the natural (quasi-)Newton step.
    let t = it === 0 || method === "gd" ? Math.min(1, 1 / norm(p)) : 1;
    if (method === "gd" && it > 0) t = Math.min(1e6, lastT * 2);
    let fNew = Number.NaN;
    let accepted = false;
    for (let k = 0; k < MAX_HALVINGS; k++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i] + t * p[i];
      fNew = energy(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + ARMIJO * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return result("line-search", it);
    lastT = t;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (fNew < -1e300 || !Number.isFinite(norm(gNew))) return result("diverged", it + 1);
    if (method === "bfgs" && sy > 1e-12 * Math.sqrt(yy) * norm(s)) {
      if (it === 0) {
        // Shanno's scaling of the initial inverse Hessian.
        resetH();
        for (let i = 0; i < d; i++) h[i * d + i] = sy / yy;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < d; i++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += h[i * d + j] * y[j];
        hy[i] = v;
        yHy += y[i] * v;
      }
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++)
          h[i * d + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
  return result("max-iter", it);
}
