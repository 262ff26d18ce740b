import { NotPositiveDefiniteError } from "@langevin/core/base";

/**
 * Lower Cholesky factor L (row-major n×n, written to `out` at `outOffset`) of a symmetric positive
 * semi-definite matrix `a` (row-major n×n at `aOffset`), so that L Lᵀ = a. Pivots within round-off of
 * zero (|pivot| ≤ 16·n·ε·max diag) give a zero column, so rank-deficient diffusion matrices — the
 * normal case for SGD's D(x) — are accepted; a clearly negative or non-finite pivot throws
 * `NotPositiveDefiniteError` carrying `point` (the x where D was evaluated) and the pivot index.
 * This is a semi-definite variant of core's `cholesky`, kept here because the hot loop factors one
 * small matrix per path and step without allocating.
 * @example
 * const L = factorSemiDefinite(Float64Array.of(4, 2, 2, 2), 0, 2, new Float64Array(4), 0);
 * // L = [2, 0, 1, 1]
 */
export function factorSemiDefinite(
  a: Float64Array,
  aOffset: number,
  n: number,
  out: Float64Array,
  outOffset: number,
  point?: ArrayLike<number>,
): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(a[aOffset + i * n + i]);
    if (v > maxDiag) maxDiag = v;
  }
  const tol = 16 * n * 2.220446049250313e-16 * maxDiag;
  for (let j = 0; j < n; j++) {
    const rj = outOffset + j * n;
    let s = a[aOffset + j * n + j];
    for (let k = 0; k < j; k++) s -= out[rj + k] * out[rj + k];
    if (!(s >= -tol)) {
      const where = point ? ` at x = [${Array.from(point).join(", ")}]` : "";
      throw new NotPositiveDefiniteError(
        `matrix is not positive semi-definite${where}: pivot ${j} is ${s}`,
        point ? Array.from(point) : undefined,
        j,
      );
    }
    for (let k = j + 1; k < n; k++) out[rj + k] = 0;
    if (s <= tol) {
      out[rj + j] = 0;
      for (let i = j + 1; i < n; i++) out[outOffset + i * n + j] = 0;
      continue;
    }
    const d = Math.sqrt(s);
    out[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = outOffset + i * n;
      let t = a[aOffset + i * n + j];
      for (let k = 0; k < j; k++) t -= out[ri + k] * out[rj + k];
      out[ri + j] = t / d;
    }
  }
  return out;
}
