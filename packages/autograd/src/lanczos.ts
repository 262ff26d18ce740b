import { assertInteger, InvalidArgumentError, type Rng, symmetricEigen } from "@langevin/core";

/** Ritz approximations from `lanczos`. */
export interface LanczosResult {
  /** Ritz values, ascending: values[0] ≈ λmin, values[m−1] ≈ λmax. */
  values: Float64Array;
  /** Row-major m × n: row i is the unit Ritz vector of values[i]. */
  vectors: Float64Array;
  /** Residual norms ‖A yᵢ − θᵢ yᵢ‖ = β_m |s_{m,i}| (a bound on the distance to an eigenvalue). */
  residuals: Float64Array;
  /** Number of Lanczos steps m (≤ k; fewer when an invariant subspace is found). */
  steps: number;
}

/**
 * The Lanczos method with full reorthogonalisation for a symmetric operator given by its products
 * `op(v, out)` (out = A v): k steps build an orthonormal Krylov basis Q and the tridiagonal
 * T = QᵀAQ, whose eigenvalues (Ritz values) approximate the extreme eigenvalues of A first.
 * Memory k·n. Use it with `hessianOperator` for the extreme Hessian eigenvalues of a loss.
 * @example
 * const { values } = lanczos(hessianOperator(f, theta), theta.length, 30, createRng(0));
 * const [lmin, lmax] = [values[0], values[values.length - 1]];
 */
export function lanczos(
  op: (v: Float64Array, out: Float64Array) => unknown,
  n: number,
  k: number,
  rng: Rng,
): LanczosResult {
  assertInteger(n, "n", 1);
  assertInteger(k, "k", 1);
  const m = Math.min(k, n);
  const q = new Float64Array(m * n);
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  const w = new Float64Array(n);
  const v0 = rng.fillNormal(new Float64Array(n));
  let norm = 0;
  for (let i = 0; i < n; i++) norm += v0[i] * v0[i];
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) q[i] = v0[i] / norm;
  let steps = m;
  for (let j = 0; j < m; j++) {
    const qj = q.subarray(j * n, (j + 1) * n);
    w.fill(0);
    op(qj, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += qj[i] * w[i];
    if (!Number.isFinite(a))
      throw new InvalidArgumentError(
        "op",
        `lanczos: the operator returned a non-finite product at step ${j}`,
      );
    alpha[j] = a;
    // Full reorthogonalisation against every basis vector, twice ("twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (let r = 0; r <= j; r++) {
        const o = r * n;
        let d = 0;
        for (let i = 0; i < n; i++) d += q[o + i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= d * q[o + i];
      }
    }
    norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    beta[j] = norm;
    if (j + 1 === m) break;
    const scale = Math.max(Math.abs(a), j > 0 ? beta[j - 1] : 0, 1e-300);
    if (norm <= 1e-13 * scale) {
      steps = j + 1; // invariant subspace: the Ritz values are exact eigenvalues
      break;
    }
    const o = (j + 1) * n;
    for (let i = 0; i < n; i++) q[o + i] = w[i] / norm;
  }
  const t = new Float64Array(steps * steps);
  for (let j = 0; j < steps; j++) {
    t[j * steps + j] = alpha[j];
    if (j + 1 < steps) {
      t[j * steps + j + 1] = beta[j];
      t[(j + 1) * steps + j] = beta[j];
    }
  }
  const { values, vectors: s } = symmetricEigen(t, steps);
  const vectors = new Float64Array(steps * n);
  const residuals = new Float64Array(steps);
  const last = beta[steps - 1];
  for (let i = 0; i < steps; i++) {
    residuals[i] = Math.abs(last * s[(steps - 1) * steps + i]);
    const y = vectors.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < steps; j++) {
      const c = s[j * steps + i];
      const o = j * n;
      for (let r = 0; r < n; r++) y[r] += c * q[o + r];
    }
  }
  return { values, vectors, residuals, steps };
}
