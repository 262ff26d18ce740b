import {
  assertInteger,
  assertPositive,
  InvalidArgumentError,
  inertia,
  NonFiniteError,
  solveLinear,
  symmetricEigen,
  throwIfAborted,
} from "@langevin/core";
import type { EnergyFunction, PointLike } from "./types.js";

/**
 * Options of `refineCriticalPoint`.
 *
 * @example
 * ```ts
 * refineCriticalPoint(energy, x0, { xtol: 1e-12, maxStep: 0.05 });
 * ```
 */
export interface RefineOptions {
  /**
   * Relative location tolerance (1e-10): converged when the Newton step ‖H⁻¹∇E‖, i.e. the estimated
   * distance to the critical point, is at most `xtol · max(‖x‖, ‖x0‖)` (MINPACK's `xtol`, measured
   * against the start's scale so that a critical point at the origin is reached too).
   */
  xtol?: number;
  /**
   * An absolute bound on |∇E| that must hold as well (none by default). It only adds a requirement:
   * a small gradient alone never counts as convergence, since exp(x) has |∇E| → 0 and no critical point.
   */
  gradientTolerance?: number;
  /** Newton iterations at most (50). */
  maxIter?: number;
  /** Largest step norm (0.1): a crude trust region; `Infinity` lets Newton take full steps. */
  maxStep?: number;
  /** Central-difference step for the Hessian from the gradient (1e-5). */
  h?: number;
  /** Analytic Hessian (row-major dim×dim into `out`); finite differences of the gradient otherwise. */
  hessian?: (x: Float64Array, out: Float64Array) => void;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
}

/** What a critical point is, from the signs of its Hessian's eigenvalues. */
export type CriticalKind = "minimum" | "maximum" | "saddle" | "degenerate";

/**
 * Why `refineCriticalPoint` stopped: `"converged"`; `"max-iter"` (the iteration limit, typically
 * because the iterates drift where E flattens out without a critical point, like exp(x) → 0);
 * `"stalled"` (no step reduces |∇E|: a local minimum of |∇E|² that is not a zero, e.g. x² + y).
 */
export type RefineReason = "converged" | "max-iter" | "stalled";

/**
 * A critical point found by Newton's method.
 *
 * @example
 * ```ts
 * const c: CriticalPoint = refineSaddle(energy, guess);
 * if (c.converged && c.kind === "saddle" && c.index === 1) console.log(c.x, c.energy);
 * ```
 */
export interface CriticalPoint {
  /** Position of the critical point. */
  x: Float64Array;
  /** E(x). */
  energy: number;
  /** |∇E(x)|. */
  gradientNorm: number;
  /** ‖H⁻¹∇E‖ at x: how far the linear model puts the critical point (0 when ∇E = 0). */
  newtonStep: number;
  /** Newton iterations done. */
  iterations: number;
  /** Energy-and-gradient calls (finite-difference Hessians included). */
  evaluations: number;
  /** Whether the Newton step met `xtol` (and |∇E| met `gradientTolerance`, when given). */
  converged: boolean;
  /** Why Newton's method stopped. */
  reason: RefineReason;
  /** Hessian at x (row-major). */
  hessian: Float64Array;
  /** Hessian eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** Row-major dim×dim; column k is the unit eigenvector of `eigenvalues[k]`. */
  eigenvectors: Float64Array;
  /** Eigenvalues whose sign the data cannot decide (see `refineCriticalPoint`). */
  zeroEigenvalues: number;
  /** Number of clearly negative eigenvalues: 0 at a minimum, 1 at a first-order saddle. */
  index: number;
  /** "degenerate" whenever an eigenvalue is zero to the test's accuracy: never called a minimum. */
  kind: CriticalKind;
}

// Round-off of a symmetric eigenvalue relative to the largest one; sqrt(ε) also covers the
// O(h²) + O(ε/h) error of the default finite-difference Hessian.
const ZERO_RELATIVE = 1e-8;
// An eigenvalue's sign counts only when |λ| exceeds this multiple of how much the Hessian changes
// over the remaining Newton step. At a degenerate point the Newton step is a fixed fraction of the
// distance (x³: half of it), and the Hessian changes by at least half its value on the way
// (x³: 6x → 3x); at a non-degenerate point the step is ~xtol and the change negligible.
const CHANGE_FACTOR = 10;

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Solves (H² + μI) Δ = −H g (the Levenberg–Marquardt step for the residual ∇E); undefined if singular. */
function dampedStep(H: Float64Array, g: Float64Array, n: number, mu: number): Float64Array | undefined {
  const a = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < n; k++) r -= H[k * n + i] * g[k];
    rhs[i] = r;
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += H[k * n + i] * H[k * n + j];
      a[i * n + j] = v + (i === j ? mu : 0);
    }
  }
  return solveOrUndefined(a, n, rhs);
}

function solveOrUndefined(a: Float64Array, n: number, b: Float64Array): Float64Array | undefined {
  try {
    const x = solveLinear(a, n, b);
    return allFinite(x) ? x : undefined;
  } catch (e) {
    if (e instanceof InvalidArgumentError) return undefined; // singular to working precision
    throw e;
  }
}

/**
 * Finds a critical point (∇E = 0) from `x0`: a minimum, a saddle or a maximum, whichever Newton's
 * method reaches. Each step solves the Levenberg–Marquardt system (H² + μI) Δ = −H∇E and is accepted
 * when it lowers |∇E| (μ shrinks tenfold on success and grows tenfold on failure, so near the
 * solution the steps are pure Newton and converge quadratically), capped at `maxStep`.
 *
 * Convergence is scale-aware, as in MINPACK: the Newton step ‖H⁻¹∇E‖ (the distance to the critical
 * point the linear model predicts) must be at most `xtol · max(‖x‖, ‖x0‖)`, and the model must
 * predict at least halving |∇E| (it predicts no change where |∇E|² has a minimum that is not a zero).
 * A small gradient alone is never enough: exp(x) has |∇E| = 1e-11 at x = −25 but a Newton step of 1
 * everywhere, so it reports `converged: false` (reason "max-iter") instead of a minimum at −25.
 *
 * Classification: an eigenvalue λ of the Hessian counts as zero (sign undetermined) when
 * |λ| ≤ max(1e-8 · max|λ|, 10 · ‖H(x + Δ) − H(x)‖_F), Δ the last Newton step (Weyl's bound on how
 * far the eigenvalues can still move before the critical point); any zero makes `kind`
 * "degenerate", so the inflection of x³ is never called a minimum. `index` counts the eigenvalues
 * that are clearly negative.
 *
 * Throws `InvalidArgumentError` for an empty or non-finite `x0` and `NonFiniteError` when E, ∇E or
 * the Hessian is not finite at `x0`.
 *
 * @example
 * ```ts
 * const mb = surfaces.mullerBrown();
 * const s = refineCriticalPoint(mb.energy, [-0.82, 0.62]); // s.kind === "saddle", s.index === 1
 * ```
 */
export function refineCriticalPoint(
  energy: EnergyFunction,
  x0: PointLike,
  options: RefineOptions = {},
): CriticalPoint {
  const n = x0.length;
  if (n < 1) throw new InvalidArgumentError("x0", "must not be empty");
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x0[i]))
      throw new InvalidArgumentError("x0", `x0[${i}] must be a finite number, got ${x0[i]}`);
  }
  const xtol = options.xtol ?? 1e-10;
  const maxIter = options.maxIter ?? 50;
  const maxStep = options.maxStep ?? 0.1;
  const h = options.h ?? 1e-5;
  assertPositive(xtol, "options.xtol");
  assertInteger(maxIter, "options.maxIter", 0);
  if (!(maxStep > 0)) throw new InvalidArgumentError("options.maxStep", `must be > 0, got ${maxStep}`);
  assertPositive(h, "options.h");
  if (options.gradientTolerance !== undefined)
    assertPositive(options.gradientTolerance, "options.gradientTolerance");
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const H = new Float64Array(n * n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  let evaluations = 0;
  const hessianAt = (at: Float64Array, out: Float64Array): void => {
    if (options.hessian) {
      options.hessian(at, out);
      return;
    }
    for (let j = 0; j < n; j++) {
      const xj = at[j];
      at[j] = xj + h;
      energy(at, gp);
      at[j] = xj - h;
      energy(at, gm);
      at[j] = xj;
      evaluations += 2;
      for (let i = 0; i < n; i++) out[i * n + j] = (gp[i] - gm[i]) / (2 * h);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = 0.5 * (out[i * n + j] + out[j * n + i]);
        out[i * n + j] = v;
        out[j * n + i] = v;
      }
    }
  };
  let e = energy(x, g);
  evaluations++;
  if (!Number.isFinite(e) || !allFinite(g)) {
    throw new NonFiniteError(
      `the energy or its gradient is not finite at x0 = [${Array.from(x0).join(", ")}] (E = ${e}, ∇E = [${Array.from(g).join(", ")}])`,
      { argument: "x0", point: Array.from(x0) },
    );
  }
  hessianAt(x, H);
  if (!allFinite(H)) {
    throw new NonFiniteError(`the Hessian is not finite at x0 = [${Array.from(x0).join(", ")}]`, {
      argument: "x0",
      point: Array.from(x0),
    });
  }
  const x0Norm = norm(x0);
  let gn = norm(g);
  let newton: Float64Array | undefined;
  let newtonNorm = 0;
  // The undamped step −H⁻¹∇E (least squares through a tiny μ when H is singular) and whether the
  // linear model says it lands on a zero of ∇E.
  const newtonTest = (): boolean => {
    if (gn === 0) {
      newton = new Float64Array(n);
      newtonNorm = 0;
      return true;
    }
    const minus = Float64Array.from(g, (v) => -v);
    newton = solveOrUndefined(H, n, minus);
    if (!newton) {
      let hh = 0;
      for (let i = 0; i < n * n; i++) hh = Math.max(hh, H[i] * H[i]);
      // n·ε·‖H‖²: the round-off of forming H², below which H² cannot tell a direction from zero.
      newton = hh > 0 ? dampedStep(H, g, n, 4 * n * Number.EPSILON * hh) : undefined;
    }
    if (!newton) {
      newtonNorm = Number.POSITIVE_INFINITY;
      return false;
    }
    newtonNorm = norm(newton);
    let model = 0;
    for (let i = 0; i < n; i++) {
      let r = g[i];
      for (let j = 0; j < n; j++) r += H[i * n + j] * newton[j];
      model += r * r;
    }
    const located = newtonNorm <= xtol * Math.max(norm(x), x0Norm) && Math.sqrt(model) <= 0.5 * gn;
    return located && (options.gradientTolerance === undefined || gn <= options.gradientTolerance);
  };
  let reason: RefineReason = "max-iter";
  let mu = 0;
  let it = 0;
  for (; ; it++) {
    if (newtonTest()) {
      reason = "converged";
      break;
    }
    if (it >= maxIter) break;
    throwIfAborted(options.signal);
    let hh = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += H[k * n + i] * H[k * n + i];
      hh = Math.max(hh, v);
    }
    let accepted = false;
    for (let tries = 0; tries < 40 && !accepted; tries++) {
      const step = mu === 0 ? newton : dampedStep(H, g, n, mu);
      if (step) {
        const len = norm(step);
        const s = len > maxStep ? maxStep / len : 1;
        for (let i = 0; i < n; i++) xTrial[i] = x[i] + s * step[i];
        const eTrial = energy(xTrial, gTrial);
        evaluations++;
        const gnTrial = norm(gTrial);
        if (Number.isFinite(eTrial) && gnTrial < gn) {
          accepted = true;
          x.set(xTrial);
          g.set(gTrial);
          gn = gnTrial;
          e = eTrial;
          break;
        }
      }
      // Marquardt's scaling: μ relative to the largest diagonal entry of H², tenfold per failure.
      mu = mu === 0 ? 1e-3 * hh : mu * 10;
      if (!(mu > 0)) break; // H = 0: no direction lowers |∇E| in the model
    }
    if (!accepted) {
      reason = "stalled";
      break;
    }
    hessianAt(x, H);
    mu = mu * 0.1 < 1e-12 * hh ? 0 : mu * 0.1;
  }
  const { values, vectors } = symmetricEigen(H, n);
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[i]));
  let change = 0;
  if (reason === "converged" && newton && newtonNorm > 0) {
    // How much H can still change before the critical point.
    const ahead = new Float64Array(n);
    for (let i = 0; i < n; i++) ahead[i] = x[i] + newton[i];
    const hAhead = new Float64Array(n * n);
    hessianAt(ahead, hAhead);
    for (let i = 0; i < n * n; i++) change += (hAhead[i] - H[i]) ** 2;
    change = Math.sqrt(change);
  }
  const zeroTol = Math.max(ZERO_RELATIVE * largest, CHANGE_FACTOR * change);
  // A NaN tolerance (a NaN eigenvalue) judges every direction undecided: degenerate, never a minimum.
  const { negative: index, zero: zeros } = inertia(values, zeroTol >= 0 ? zeroTol : Number.POSITIVE_INFINITY);
  const kind: CriticalKind =
    zeros > 0 ? "degenerate" : index === 0 ? "minimum" : index === n ? "maximum" : "saddle";
  return {
    x,
    energy: e,
    gradientNorm: gn,
    newtonStep: newtonNorm,
    iterations: it,
    evaluations,
    converged: reason === "converged",
    reason,
    hessian: H,
    eigenvalues: values,
    eigenvectors: vectors,
    zeroEigenvalues: zeros,
    index,
    kind,
  };
}

/**
 * Alias of `refineCriticalPoint`, named for its main use: polishing a climbing image into the
 * saddle point (check `kind === "saddle"` and `index === 1`).
 *
 * @example
 * ```ts
 * const s = refineSaddle(energy, result.saddle.x);
 * ```
 */
export const refineSaddle = refineCriticalPoint;
