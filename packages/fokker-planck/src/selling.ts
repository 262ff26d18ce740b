import { ConvergenceError, NotPositiveDefiniteError } from "@langevin/core";

/**
 * Selling's decomposition of a symmetric positive-definite 2 × 2 matrix D (Selling 1874; used for
 * monotone anisotropic stencils by Fehrenbach & Mirebeau 2014): D = Σ_{k<3} w_k e_k e_kᵀ with
 * weights w_k ≥ 0 and e_k short integer vectors. Starting from the superbase (−e₁−e₂, e₁, e₂),
 * Selling's reduction flips (v_i, v_j, v_k) → (−v_i, v_j, v_i − v_j) while some ⟨v_i, D v_j⟩ > 0;
 * at the D-obtuse superbase, w_k = −⟨v_i, D v_j⟩ and e_k = v_k^⊥ ({i, j, k} = {0, 1, 2}). A
 * second difference along each e_k with weight w_k has non-negative neighbour weights: an M-matrix
 * for any anisotropy, with a stencil that widens like the square root of the condition number.
 * Writes w into `weights[0..2]` and e_k into `dirs[2k], dirs[2k+1]`.
 * @example
 * const w = new Float64Array(3);
 * const e = new Int32Array(6);
 * sellingDecomposition(1, 0.95, 1, w, e); // weights on (1, 1) and the two axes, all ≥ 0
 */
export function sellingDecomposition(
  d11: number,
  d12: number,
  d22: number,
  weights: Float64Array,
  dirs: Int32Array,
): void {
  if (!(d11 > 0 && d22 > 0 && d11 * d22 - d12 * d12 > 0)) {
    throw new NotPositiveDefiniteError(
      `Selling's decomposition needs a positive-definite matrix, got [[${d11}, ${d12}], [${d12}, ${d22}]]`,
    );
  }
  // superbase vectors v0, v1, v2 (v0 + v1 + v2 = 0), as integer coordinates
  let ax = -1;
  let ay = -1;
  let bx = 1;
  let by = 0;
  let cx = 0;
  let cy = 1;
  const dot = (px: number, py: number, qx: number, qy: number) =>
    px * (d11 * qx + d12 * qy) + py * (d12 * qx + d22 * qy);
  // Each flip strictly decreases Σ|v_i|²_D, so the loop ends; like the subtractive Euclid algorithm
  // it may take ~√κ flips for a condition number κ (about 10³ at κ = 10⁶). The cap only guards
  // against a rounding cycle at κ beyond what a grid could resolve anyway.
  let reduced = false;
  for (let iter = 0; iter < 1_000_000 && !reduced; iter++) {
    if (dot(ax, ay, bx, by) > 0) {
      // (a, b, c) → (−a, b, a − b)
      const nx = ax - bx;
      const ny = ay - by;
      ax = -ax;
      ay = -ay;
      cx = nx;
      cy = ny;
    } else if (dot(bx, by, cx, cy) > 0) {
      const nx = bx - cx;
      const ny = by - cy;
      bx = -bx;
      by = -by;
      ax = nx;
      ay = ny;
    } else if (dot(cx, cy, ax, ay) > 0) {
      const nx = cx - ax;
      const ny = cy - ay;
      cx = -cx;
      cy = -cy;
      bx = nx;
      by = ny;
    } else reduced = true;
  }
  if (!reduced) {
    throw new ConvergenceError(
      `Selling's reduction did not finish for [[${d11}, ${d12}], [${d12}, ${d22}]] (condition number too large)`,
      1_000_000,
      Number.NaN,
    );
  }
  // w for the pair (b, c) goes with a^⊥, and so on
  weights[0] = Math.max(0, -dot(bx, by, cx, cy));
  weights[1] = Math.max(0, -dot(cx, cy, ax, ay));
  weights[2] = Math.max(0, -dot(ax, ay, bx, by));
  dirs[0] = -ay;
  dirs[1] = ax;
  dirs[2] = -by;
  dirs[3] = bx;
  dirs[4] = -cy;
  dirs[5] = cx;
}
