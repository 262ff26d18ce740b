import { NotPositiveDefiniteError } from "../errors.js";
import { checkSquare } from "./check.js";

/**
 * The Cholesky factor L (lower triangular, row-major n × n, A = L Lᵀ) of a symmetric
 * positive-definite matrix `a` (row-major n × n; only its lower triangle is read). A small
 * Cholesky–Banachiewicz loop (no ml-matrix object), fast enough to call per point for a
 * position-dependent diffusion matrix D(x).
 *
 * Throws `NotPositiveDefiniteError` with the failing `pivot` (0-based row) and the optional
 * `point` (where a field D(x) was evaluated) when a pivot is ≤ 0 or not finite. A positive
 * semi-definite matrix with an exactly zero pivot throws too: factor D + εI, or use
 * `symmetricEigen`, for rank-deficient noise.
 * @example
 * cholesky(new Float64Array([4, 2, 2, 5]), 2); // Float64Array [2, 0, 1, 2]
 */
export function cholesky(
  a: ArrayLike<number>,
  n: number,
  point?: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  checkSquare(a, n);
  const l = out ?? new Float64Array(n * n);
  if (out) l.fill(0);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      if (i === j) {
        if (!(s > 0 && Number.isFinite(s))) {
          const where = point ? ` at x = [${Array.from(point).join(", ")}]` : "";
          throw new NotPositiveDefiniteError(
            `matrix is not positive definite${where}: pivot ${i} is ${s}`,
            point ? Array.from(point) : undefined,
            i,
          );
        }
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j];
      }
    }
  }
  return l;
}
