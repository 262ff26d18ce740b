import { ConvergenceError } from "../errors.js";

/** Where the QL iteration leaves its plane rotations when eigenvectors are wanted. @internal */
export interface RotationSink {
  /** Triples (i, c, s) are written at heap[base + 3q]. */
  heap: Float64Array;
  base: number;
  capacity: number;
  count: number;
  /** Applies the `count` stored rotations and resets `count` to 0. */
  flush(): void;
}

/** Iterations allowed per eigenvalue; the implicit QL step converges cubically, so 2–3 is typical. */
const MAX_ITERATIONS = 60;

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal d and off-diagonal e (e[k] couples
 * k and k+1; e[n−1] is scratch) by the implicit QL iteration with Wilkinson's shift; d is
 * overwritten with the eigenvalues (unordered), e destroyed. An off-diagonal entry is set to zero
 * when |e[m]| ≤ ε‖T‖∞: a perturbation of ε‖T‖, so the eigenvalues are accurate to O(ε‖T‖) absolute.
 * (The relative test |e[m]| ≤ ε(|d[m]| + |d[m+1]|) can stall: where the diagonal is far below ‖T‖,
 * as at the small end of a network's diffusion spectrum, the rounding of each QL step leaves
 * off-diagonal entries of order ε‖T‖ that it never accepts. It would buy nothing either: the
 * Householder reduction has already perturbed T by ε‖A‖.) With a `sink`, every rotation (acting on indices i, i+1) is recorded in the
 * order it is made: applied to the rows of Qᵀ they give the eigenvectors.
 * @internal
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, n: number, sink?: RotationSink): void {
  const eps = Number.EPSILON;
  e[n - 1] = 0;
  let norm = 0;
  for (let k = 0; k < n; k++)
    norm = Math.max(norm, Math.abs(d[k]) + Math.abs(e[k]) + (k > 0 ? Math.abs(e[k - 1]) : 0));
  const negligible = eps * norm;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > negligible) m++;
      if (m === l) break;
      if (++iterations > MAX_ITERATIONS) {
        throw new ConvergenceError(
          `symmetric eigensolver: eigenvalue ${l} did not converge in ${MAX_ITERATIONS} QL iterations`,
          MAX_ITERATIONS,
          Math.abs(e[l]),
        );
      }
      // Wilkinson's shift: the eigenvalue of the leading 2 × 2 block nearer d[l]
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.sqrt(g * g + 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.sqrt(f * f + g * g);
        e[i + 1] = r;
        if (r === 0) {
          // the bulge vanished: the block splits at i+1; undo the shift there and start again
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (sink !== undefined) {
          const q = sink.base + 3 * sink.count;
          sink.heap[q] = i;
          sink.heap[q + 1] = c;
          sink.heap[q + 2] = s;
          if (++sink.count === sink.capacity) sink.flush();
        }
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
