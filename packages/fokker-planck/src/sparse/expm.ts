import { ConvergenceError, throwIfAborted } from "@langevin/core";
import { type CsrMatrix, spmv } from "./csr.js";

/** Options of {@link krylovExpm}. */
export interface KrylovExpmOptions {
  /** Krylov dimension (default 30). */
  m?: number;
  /** Local error tolerance per unit time, relative to ‖v‖₂ (default 1e-10). */
  tol?: number;
  /** First substep to try (default T). */
  dtHint?: number;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called after each accepted substep with (elapsed time, state). */
  onSubstep?: (t: number, v: Float64Array) => void;
}

/** Statistics of {@link krylovExpm}. */
export interface KrylovExpmResult {
  /** Accepted substeps. */
  substeps: number;
  /** Matrix–vector products done (the cost). */
  matvecs: number;
  /** The substep length used last (a good hint for the next call). */
  lastDt: number;
}

/**
 * `v ← exp(T A) v` by Krylov (Arnoldi) projection with adaptive substeps (after Saad 1992 and
 * Sidje's Expokit): each substep builds an m-dimensional Krylov basis, exponentiates the small
 * Hessenberg matrix (Padé(6) with scaling and squaring) and accepts the substep when the a-posteriori
 * estimate `‖v‖ h_{m+1,m} τ |e_mᵀ exp(τH) e_1|` is below `tol · τ · ‖v‖`.
 *
 * @example
 * ```ts
 * krylovExpm(op.generator, rho, 1.0, { tol: 1e-10 }); // rho ← exp(L) rho
 * ```
 */
export function krylovExpm(
  A: CsrMatrix,
  v: Float64Array,
  T: number,
  options: KrylovExpmOptions = {},
): KrylovExpmResult {
  const n = A.rows;
  const m = Math.max(2, Math.min(options.m ?? 30, n));
  const tol = options.tol ?? 1e-10;
  const V = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const H = new Float64Array((m + 1) * m); // row-major (m+1) × m
  const w = new Float64Array(n);
  let t = 0;
  let tau = Math.min(options.dtHint ?? T, T);
  let substeps = 0;
  let matvecs = 0;
  const E = new Float64Array(m * m);
  while (t < T * (1 - 1e-15)) {
    throwIfAborted(options.signal);
    let beta = 0;
    for (let i = 0; i < n; i++) beta += v[i] * v[i];
    beta = Math.sqrt(beta);
    if (beta === 0) break;
    for (let i = 0; i < n; i++) V[0][i] = v[i] / beta;
    H.fill(0);
    let k = m; // effective dimension
    let hLast = 0;
    for (let j = 0; j < m; j++) {
      spmv(A, V[j], w);
      matvecs++;
      for (let i = 0; i <= j; i++) {
        let h = 0;
        const Vi = V[i];
        for (let q = 0; q < n; q++) h += Vi[q] * w[q];
        H[i * m + j] = h;
        for (let q = 0; q < n; q++) w[q] -= h * Vi[q];
      }
      let nw = 0;
      for (let q = 0; q < n; q++) nw += w[q] * w[q];
      nw = Math.sqrt(nw);
      hLast = nw;
      let colNorm = 0;
      for (let i = 0; i <= j; i++) colNorm += H[i * m + j] ** 2;
      if (nw <= 1e-13 * Math.sqrt(colNorm) || nw === 0) {
        // happy breakdown: the Krylov space is invariant, the projection is exact
        k = j + 1;
        hLast = 0;
        break;
      }
      if (j + 1 < m + 1) {
        H[(j + 1) * m + j] = nw;
        const Vn = V[j + 1];
        for (let q = 0; q < n; q++) Vn[q] = w[q] / nw;
      }
    }
    // accept/reject loop on tau
    for (let attempt = 0; ; attempt++) {
      const Hk = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Hk[i * k + j] = tau * H[i * m + j];
      expmDense(Hk, k, E);
      const err = hLast * tau * Math.abs(E[(k - 1) * k]); // relative to beta
      if (err <= tol * tau || hLast === 0) {
        v.fill(0);
        for (let j = 0; j < k; j++) {
          const c = beta * E[j * k];
          const Vj = V[j];
          for (let q = 0; q < n; q++) v[q] += c * Vj[q];
        }
        t += tau;
        substeps++;
        options.onSubstep?.(t, v);
        // grow the step when the error was comfortably small
        const lastTau = tau;
        tau = Math.min(err < 0.1 * tol * tau ? 1.5 * tau : tau, T - t);
        if (T - t <= 1e-15 * T) return { substeps, matvecs, lastDt: lastTau };
        break;
      }
      tau *= 0.5;
      if (attempt > 60) {
        throw new ConvergenceError(`Krylov exponential: substep underflow at t = ${t}`, substeps, err);
      }
    }
  }
  return { substeps, matvecs, lastDt: tau };
}

/**
 * exp(M) of a small dense matrix (row-major k × k) by Padé(6) with scaling and squaring.
 *
 * @example
 * ```ts
 * expmDense(new Float64Array([0, 1, -1, 0]), 2, new Float64Array(4)); // rotation by 1 rad
 * ```
 */
export function expmDense(M: Float64Array, k: number, out: Float64Array): Float64Array {
  let norm = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.abs(M[i * k + j]);
    norm = Math.max(norm, s);
  }
  const sPow = Math.max(0, Math.ceil(Math.log2(norm / 0.5)) + 1);
  const scale = 2 ** -sPow;
  const X = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) X[i] = M[i] * scale;
  const c = [1, 1 / 2, 5 / 44, 1 / 66, 1 / 792, 1 / 15840, 1 / 665280]; // Padé(6,6)
  const Nm = new Float64Array(k * k);
  const Dm = new Float64Array(k * k);
  let P: Float64Array = new Float64Array(k * k);
  for (let i = 0; i < k; i++) P[i * k + i] = 1;
  for (let p = 0; p <= 6; p++) {
    const sign = p % 2 === 0 ? 1 : -1;
    for (let i = 0; i < k * k; i++) {
      Nm[i] += c[p] * P[i];
      Dm[i] += sign * c[p] * P[i];
    }
    if (p < 6) P = matmul(P, X, k);
  }
  // out = Dm⁻¹ Nm
  const R = solveDense(Dm, Nm, k);
  let Y: Float64Array = R;
  for (let s = 0; s < sPow; s++) Y = matmul(Y, Y, k);
  out.set(Y.subarray(0, k * k));
  return out;
}

function matmul(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let l = 0; l < k; l++) {
      const av = a[i * k + l];
      if (av === 0) continue;
      for (let j = 0; j < k; j++) c[i * k + j] += av * b[l * k + j];
    }
  }
  return c;
}

/** Solves A X = B (k × k, partial pivoting). */
function solveDense(A0: Float64Array, B0: Float64Array, k: number): Float64Array {
  const A = Float64Array.from(A0);
  const B = Float64Array.from(B0);
  for (let col = 0; col < k; col++) {
    let p = col;
    for (let i = col + 1; i < k; i++) if (Math.abs(A[i * k + col]) > Math.abs(A[p * k + col])) p = i;
    if (p !== col) {
      for (let j = 0; j < k; j++) {
        let t = A[col * k + j];
        A[col * k + j] = A[p * k + j];
        A[p * k + j] = t;
        t = B[col * k + j];
        B[col * k + j] = B[p * k + j];
        B[p * k + j] = t;
      }
    }
    const d = A[col * k + col];
    for (let i = col + 1; i < k; i++) {
      const f = A[i * k + col] / d;
      if (f === 0) continue;
      for (let j = col; j < k; j++) A[i * k + j] -= f * A[col * k + j];
      for (let j = 0; j < k; j++) B[i * k + j] -= f * B[col * k + j];
    }
  }
  for (let i = k - 1; i >= 0; i--) {
    for (let j = 0; j < k; j++) {
      let s = B[i * k + j];
      for (let l = i + 1; l < k; l++) s -= A[i * k + l] * B[l * k + j];
      B[i * k + j] = s / A[i * k + i];
    }
  }
  return B;
}
