import { symmetrize } from "@langevin/core";

/**
 * Assembles a dense symmetric matrix (n × n, row-major) from its products: column k = A e_k, then
 * (A + Aᵀ)/2, so the round-off differences between the two triangles of an exact Hessian do not
 * reach an eigen-decomposition that expects symmetric input. n products; use it with
 * `hessianOperator` for the full Hessian of a small model.
 * @example
 * const H = denseFromOperator(hessianOperator(f, theta), theta.length); // P × P
 */
export function denseFromOperator(
  op: (v: Float64Array, out: Float64Array) => unknown,
  n: number,
): Float64Array {
  const h = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    e.fill(0);
    e[k] = 1;
    col.fill(0);
    op(e, col);
    for (let i = 0; i < n; i++) h[i * n + k] = col[i];
  }
  return symmetrize(h, n);
}
