import { solveLinear } from "./solve-linear.js";

/**
 * A⁻¹ of a dense row-major n × n matrix, by `solveLinear` (LU with partial pivoting) against the n
 * columns of the identity. Throws `InvalidArgumentError` naming `a` when A is singular to working
 * precision. Prefer `solveLinear(a, n, b)` when only A⁻¹b is needed: it is cheaper and more accurate.
 * @example
 * inverse(new Float64Array([2, 0, 0, 4]), 2); // Float64Array [0.5, 0, 0, 0.25]
 */
export function inverse(a: ArrayLike<number>, n: number): Float64Array {
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  return solveLinear(a, n, identity);
}
