import { checkSquare } from "./check.js";

/**
 * Replaces a row-major n × n matrix by its symmetric part (A + Aᵀ)/2, in place, and returns it: for
 * results that are symmetric in exact arithmetic but whose two triangles differ by round-off (a
 * Hessian from products, a Lyapunov solution), before a solver that expects exact symmetry.
 * @example
 * symmetrize(new Float64Array([1, 2, 4, 3]), 2); // Float64Array [1, 3, 3, 3]
 */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  checkSquare(a, n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  return a;
}
