// Small helpers for `minimize` and the diffusion checks (d is the number of coordinates).
import { cholesky, NotPositiveDefiniteError } from "@langevin/core";

/**
 * Euclidean norm.
 *
 * @example
 * norm2([3, 4]); // 5
 */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

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
