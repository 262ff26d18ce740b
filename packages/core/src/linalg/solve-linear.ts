import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { checkSquare } from "./check.js";

/**
 * Solves A x = b for a dense row-major n × n matrix by LU with partial pivoting (a copy of `a` is
 * factored; `a` and `b` are unchanged). `b` may hold several right-hand sides: length n·m, row-major
 * n × m, and the result has the same layout. Throws `InvalidArgumentError` naming `a` when a pivot
 * vanishes (singular to working precision).
 * @example
 * solveLinear(new Float64Array([2, 1, 1, 3]), 2, new Float64Array([3, 5])); // [0.8, 1.4]
 */
export function solveLinear(a: ArrayLike<number>, n: number, b: ArrayLike<number>): Float64Array {
  checkSquare(a, n);
  if (b.length === 0 || b.length % n !== 0)
    throw new ShapeMismatchError("b", `length ${b.length} is not a positive multiple of n = ${n}`);
  const m = b.length / n;
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(lu[k]));
  const tiny = scale * n * Number.EPSILON;
  for (let c = 0; c < n; c++) {
    // partial pivoting: the largest |entry| of column c at or below the diagonal
    let p = c;
    let best = Math.abs(lu[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (!(best > tiny))
      throw new InvalidArgumentError("a", `matrix is singular to working precision (column ${c})`);
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = lu[c * n + k];
        lu[c * n + k] = lu[p * n + k];
        lu[p * n + k] = t;
      }
      for (let k = 0; k < m; k++) {
        const t = x[c * m + k];
        x[c * m + k] = x[p * m + k];
        x[p * m + k] = t;
      }
    }
    const piv = lu[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = lu[r * n + c] / piv;
      if (f === 0) continue;
      for (let k = c + 1; k < n; k++) lu[r * n + k] -= f * lu[c * n + k];
      for (let k = 0; k < m; k++) x[r * m + k] -= f * x[c * m + k];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let k = 0; k < m; k++) {
      let s = x[r * m + k];
      for (let j = r + 1; j < n; j++) s -= lu[r * n + j] * x[j * m + k];
      x[r * m + k] = s / lu[r * n + r];
    }
  }
  return x;
}
