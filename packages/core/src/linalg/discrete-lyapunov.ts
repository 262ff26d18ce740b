import { ConvergenceError, ShapeMismatchError } from "../errors.js";
import { checkSquare } from "./check.js";
import { symmetrize } from "./symmetrize.js";

/** Doublings before giving up: after k of them Σ holds 2^k terms A^j Q (A^j)ᵀ of the series. */
const MAX_DOUBLINGS = 64;

/**
 * Solves the discrete Lyapunov (Stein) equation Σ = A Σ Aᵀ + Q for Σ (row-major n × n) by Smith's
 * doubling: Σ = Σ_k A^k Q (A^k)ᵀ, summed in blocks of 1, 2, 4, … terms (Σ ← Σ + A^(2^j) Σ A^(2^j)ᵀ)
 * until the increment is below round-off. O(n³) per doubling and O(log(1/(1 − ρ))) doublings, with
 * ρ the spectral radius of A. For x_{k+1} = A x_k + ξ_k with Cov ξ = Q (e.g. SGD on a quadratic,
 * A = I − ηH), Σ is the stationary covariance. The result is symmetrised when Q is symmetric.
 * Throws `ConvergenceError` when the series does not converge (ρ(A) ≥ 1: no stationary state).
 * @example
 * // x_{k+1} = 0.5 x_k + ξ, Var ξ = 0.75: stationary variance 0.75 / (1 − 0.25) = 1
 * discreteLyapunov(new Float64Array([0.5]), new Float64Array([0.75]), 1); // Float64Array [1]
 */
export function discreteLyapunov(a: ArrayLike<number>, q: ArrayLike<number>, n: number): Float64Array {
  checkSquare(a, n);
  if (q.length !== n * n) throw new ShapeMismatchError("q", `length ${q.length} is not n*n = ${n * n}`);
  const s = Float64Array.from(q);
  let ak = Float64Array.from(a);
  const tmp = new Float64Array(n * n);
  const inc = new Float64Array(n * n);
  let converged = false;
  let last = Number.POSITIVE_INFINITY;
  for (let it = 0; it < MAX_DOUBLINGS; it++) {
    // inc = Aᵏ Σ (Aᵏ)ᵀ, then Aᵏ ← (Aᵏ)²
    multiply(ak, s, tmp, n);
    multiplyTransposed(tmp, ak, inc, n);
    let ni = 0;
    let ns = 0;
    for (let i = 0; i < s.length; i++) {
      s[i] += inc[i];
      ni += Math.abs(inc[i]);
      ns += s[i] * s[i];
    }
    // A diverging series overflows |Σ|² before the increment: neither may pass for convergence.
    if (!Number.isFinite(ni) || !Number.isFinite(ns)) break;
    if (ni <= 1e-17 * Math.sqrt(ns)) {
      converged = true;
      break;
    }
    last = ni;
    multiply(ak, ak, tmp, n);
    ak = Float64Array.from(tmp);
  }
  if (!converged)
    throw new ConvergenceError(
      `discreteLyapunov: Σ = AΣAᵀ + Q has no solution by the series (a: spectral radius ≥ 1?); the last increment was ${last.toPrecision(3)}`,
      MAX_DOUBLINGS,
      last,
    );
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++)
    for (let j = 0; j < i; j++) if (q[i * n + j] !== q[j * n + i]) symmetric = false;
  return symmetric ? symmetrize(s, n) : s;
}

/** c = a b (n × n, row-major; c must not alias a or b). */
function multiply(a: ArrayLike<number>, b: ArrayLike<number>, c: Float64Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
}

/** c = a bᵀ (n × n, row-major; c must not alias a or b). */
function multiplyTransposed(a: ArrayLike<number>, b: ArrayLike<number>, c: Float64Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += a[i * n + k] * b[j * n + k];
      c[i * n + j] = v;
    }
}
