import type { EigenKernels } from "./eigen-kernels.js";

/**
 * Householder tridiagonalisation T = Qᵀ A Q of the symmetric matrix in the lower triangle of A
 * (heap offset `a`, row stride `ld`, n × n; the upper triangle is never read). Rows are reduced
 * from the last one up, as in EISPACK's tred2: reducing row i needs the reflector's entries
 * A[i, 0..i−1], which are contiguous, and every later access runs along rows of the lower
 * triangle. Step i applies H_i = I − τ_i v_i v_iᵀ (v_i on indices 0..i−1, v_i[i−1] = 1) to both
 * sides of the leading i × i block as the rank-2 update B − v wᵀ − w vᵀ; that update is kept
 * pending and fused into the next step's matrix–vector product (`EigenKernels.sweep`), so the
 * trailing block is read and written once per step.
 *
 * On return d[k] = T[k, k], e[k] = T[k, k+1] (e[n−1] = 0), row i of A holds v_i in its entries
 * 0..i−1 and tau[i] holds τ_i (0 where the row was already reduced). Q = H_{n−1} ⋯ H_1.
 * `work` is the offset of 4·ld free doubles.
 * @internal
 */
export function tridiagonalize(
  k: EigenKernels,
  a: number,
  ld: number,
  n: number,
  work: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  const h = k.heap;
  // u: the reflector being built; uo, wo: the pending update B -= uo·woᵀ + wo·uoᵀ; p: B·u
  let u = work;
  let uo = work + ld;
  const wo = work + 2 * ld;
  const p = work + 3 * ld;
  h.fill(0, work, work + 4 * ld);
  let pending = false;
  e[n - 1] = 0;
  tau[0] = 0;
  for (let i = n - 1; i >= 1; i--) {
    const ri = a + i * ld;
    if (pending) {
      const ui = h[uo + i];
      const wi = h[wo + i];
      for (let j = 0; j <= i; j++) h[ri + j] -= ui * h[wo + j] + wi * h[uo + j];
    }
    d[i] = h[ri + i];
    const l = i - 1;
    const alpha = h[ri + l];
    let sigma = 0;
    for (let j = 0; j < l; j++) sigma += h[ri + j] * h[ri + j];
    if (sigma === 0) {
      // Row i is already reduced (always so for i = 1): H_i = I, but the pending update still
      // has to reach rows 0..l, which a sweep with u = 0 does.
      e[l] = alpha;
      tau[i] = 0;
      if (pending) {
        h.fill(0, u, u + i);
        k.sweep(a, ld, i, u, uo, wo, p);
        h.fill(0, uo, uo + i);
        h.fill(0, wo, wo + i);
        pending = false;
      }
      continue;
    }
    // dlarfg's reflector: H x = β e_l with β = −sign(α)‖x‖, so α − β never cancels.
    const norm = Math.sqrt(sigma + alpha * alpha);
    const beta = alpha >= 0 ? -norm : norm;
    const t = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let j = 0; j < l; j++) {
      const v = h[ri + j] * scale;
      h[ri + j] = v;
      h[u + j] = v;
    }
    h[ri + l] = 1;
    h[u + l] = 1;
    e[l] = beta;
    tau[i] = t;
    h.fill(0, p, p + i);
    k.sweep(a, ld, i, u, uo, wo, p);
    // H B H = B − v wᵀ − w vᵀ with w = τ p − (τ²/2)(vᵀp) v, p = B v
    let vp = 0;
    for (let j = 0; j <= l; j++) vp += h[u + j] * h[p + j];
    const half = 0.5 * t * t * vp;
    const swap = uo;
    uo = u;
    u = swap;
    for (let j = 0; j <= l; j++) h[wo + j] = t * h[p + j] - half * h[uo + j];
    pending = true;
  }
  d[0] = h[a];
}

/** Reflectors applied per pass over Qᵀ in {@link formQt}. */
const REFLECTOR_BLOCK = 32;

/**
 * Writes Qᵀ = H_1 H_2 ⋯ H_{n−1} (row-major, stride `ld`, at heap offset `y`) from the reflectors
 * that {@link tridiagonalize} left in A: Y starts as I and takes Y ← Y H_i for i = 1, 2, …; after
 * step i only the leading i × i block differs from I, so the work is Σ 4i² = (4/3)n³, and each
 * row's dot product and update run along the same contiguous row. Blocks of 32 reflectors are
 * applied row by row, so the block of Y is read from memory once per 32 reflectors. `taus` is
 * the offset of n free doubles.
 * @internal
 */
export function formQt(
  k: EigenKernels,
  a: number,
  ld: number,
  n: number,
  tau: Float64Array,
  y: number,
  taus: number,
): void {
  const h = k.heap;
  h.fill(0, y, y + n * ld);
  for (let i = 0; i < n; i++) h[y + i * ld + i] = 1;
  h.set(tau, taus);
  for (let i = 2; i < n; i += REFLECTOR_BLOCK) {
    k.reflectRows(y, ld, i, Math.min(REFLECTOR_BLOCK, n - i), a + i * ld, taus + i);
  }
}
