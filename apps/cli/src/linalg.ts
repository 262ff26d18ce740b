// The diffusion checks' helper (d is the number of coordinates).
import { cholesky, NotPositiveDefiniteError } from "@langevin/core";

/**
 * Cholesky test of a symmetric row-major n×n matrix: -1 when it is positive-definite, otherwise the
 * (0-based) pivot at which the factorisation fails.
 *
 * @example
 * choleskyCheck(new Float64Array([1, 2, 2, 1]), 2); // 1
 */
export function choleskyCheck(a: ArrayLike<number>, n: number): number {
  try {
    cholesky(a, n);
    return -1;
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) return e.pivot ?? 0;
    throw e;
  }
}
