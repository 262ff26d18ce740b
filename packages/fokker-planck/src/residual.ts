import type { CsrMatrix } from "./sparse/csr.js";

/**
 * Relative stationarity residual `‖L ρ‖₁ / Σ_i |L_ii| |ρ_i|`: the unbalanced fraction of the
 * probability flow (0 for an exact steady state).
 *
 * @example
 * ```ts
 * stationaryResidual(op.generator, rho); // ~1e-14 after stationary()
 * ```
 */
export function stationaryResidual(L: CsrMatrix, rho: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < L.rows; i++) {
    let s = 0;
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) {
      const j = L.colIndex[p];
      s += L.values[p] * rho[j];
      if (j === i) den += Math.abs(L.values[p] * rho[i]);
    }
    num += Math.abs(s);
  }
  return den === 0 ? 0 : num / den;
}
