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
  // superbase v[0], v[1], v[2] (v0 + v1 + v2 = 0), integer coordinates (x, y) at v[2i], v[2i+1]
  const v = [-1, -1, 1, 0, 0, 1];
  const dot = (i: number, j: number) =>
    v[2 * i] * (d11 * v[2 * j] + d12 * v[2 * j + 1]) + v[2 * i + 1] * (d12 * v[2 * j] + d22 * v[2 * j + 1]);
  // Each flip (v_i, v_j, v_k) → (−v_i, v_j, v_i − v_j) for ⟨v_i, D v_j⟩ > 0 strictly decreases
  // Σ|v|²_D, so the loop ends; like the subtractive Euclid algorithm it may take ~√κ flips for a
  // condition number κ (about 10³ at κ = 10⁶). The cap only guards against a rounding cycle at κ
  // beyond anything a grid could resolve.
  const pairs = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
  ];
  let flips = 0;
  for (let p = 0; p < 3 && flips < 1_000_000; ) {
    const [i, j, k] = pairs[p];
    if (dot(i, j) > 0) {
      v[2 * k] = v[2 * i] - v[2 * j];
      v[2 * k + 1] = v[2 * i + 1] - v[2 * j + 1];
      v[2 * i] = -v[2 * i];
      v[2 * i + 1] = -v[2 * i + 1];
      flips++;
      p = 0; // recheck every pair
    } else p++;
  }
  if (flips >= 1_000_000) {
    throw new ConvergenceError(
      `Selling's reduction did not finish for [[${d11}, ${d12}], [${d12}, ${d22}]] (condition number too large)`,
      flips,
      Number.NaN,
    );
  }
  // at the D-obtuse superbase: weight −⟨v_i, D v_j⟩ on the direction v_k^⊥
  for (const [i, j, k] of pairs) {
    weights[k] = Math.max(0, -dot(i, j));
    dirs[2 * k] = -v[2 * k + 1];
    dirs[2 * k + 1] = v[2 * k];
  }
}
