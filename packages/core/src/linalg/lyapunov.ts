import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { checkSquare } from "./check.js";
import { solveLinear } from "./solve-linear.js";
import { symmetrize } from "./symmetrize.js";

/**
 * Solves the continuous Lyapunov equation A Σ + Σ Aᵀ + Q = 0 for Σ (row-major n × n), by the
 * vectorised Kronecker system (I ⊗ A + A ⊗ I) vec Σ = −vec Q, an n² × n² dense solve: O(n⁶), meant
 * for small n (≤ ~20). For a stable drift matrix A (all eigenvalues with negative real part) and
 * Q = B Bᵀ, Σ is the stationary covariance of the Ornstein–Uhlenbeck process dx = A x dt + B dW.
 * The result is symmetrised when Q is symmetric. Throws `InvalidArgumentError` naming `a` when the
 * system is singular (A has eigenvalues λi + λj = 0).
 * @example
 * // dx = -x dt + √2 dW: stationary variance 1
 * lyapunov(new Float64Array([-1]), new Float64Array([2]), 1); // Float64Array [1]
 */
export function lyapunov(a: ArrayLike<number>, q: ArrayLike<number>, n: number): Float64Array {
  checkSquare(a, n);
  if (q.length !== n * n) throw new ShapeMismatchError("q", `length ${q.length} is not n*n = ${n * n}`);
  if (n > 40)
    throw new InvalidArgumentError("n", `the Kronecker solve is O(n^6); n = ${n} is too large (max 40)`);
  const nn = n * n;
  // Unknown Σ[i][j] at index i*n + j. (AΣ)[i][j] = Σ_k A[i][k] Σ[k][j]; (ΣAᵀ)[i][j] = Σ_k Σ[i][k] A[j][k].
  const k = new Float64Array(nn * nn);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const row = (i * n + j) * nn;
      for (let m = 0; m < n; m++) {
        k[row + m * n + j] += a[i * n + m];
        k[row + i * n + m] += a[j * n + m];
      }
    }
  }
  const rhs = new Float64Array(nn);
  for (let t = 0; t < nn; t++) rhs[t] = -q[t];
  const s = solveLinear(k, nn, rhs);
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++)
    for (let j = 0; j < i; j++) if (q[i * n + j] !== q[j * n + i]) symmetric = false;
  return symmetric ? symmetrize(s, n) : s;
}
