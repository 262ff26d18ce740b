// Thin wrappers over @langevin/core's dense linear algebra for the d×d systems of `minimize`,
// `critical` and the diffusion checks (d is the number of coordinates).
import {
  cholesky,
  LangevinError,
  NotPositiveDefiniteError,
  solveLinear,
  symmetricEigen,
} from "@langevin/core";

/**
 * Eigen-decomposition of a symmetric row-major n×n matrix: ascending eigenvalues, vectors as columns.
 *
 * @example
 * symmetricEigenSmall(new Float64Array([2, 0, 0, -1]), 2).values; // [-1, 2]
 */
export function symmetricEigenSmall(
  a: ArrayLike<number>,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  return symmetricEigen(a, n);
}

/**
 * Solves A x = b; returns undefined when A is singular to working precision.
 *
 * @example
 * solveSmall(new Float64Array([2, 0, 0, 4]), 2, new Float64Array([2, 4])); // [1, 1]
 */
export function solveSmall(a: ArrayLike<number>, n: number, b: ArrayLike<number>): Float64Array | undefined {
  try {
    const x = solveLinear(a, n, b);
    return x.every(Number.isFinite) ? x : undefined;
  } catch (e) {
    if (e instanceof LangevinError) return undefined;
    throw e;
  }
}

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
