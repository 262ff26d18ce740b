import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { checkSquare } from "./check.js";

/** Eigen-decomposition of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Row-major n × n; column k (`vectors[i * n + k]`, i = 0..n-1) is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix `a` (row-major n × n),
 * via ml-matrix's EigenvalueDecomposition (Householder tridiagonalisation + QL, as in JAMA). The
 * matrix is symmetrised as (A + Aᵀ)/2 first, so round-off asymmetry does no harm.
 * @example
 * const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
 * values; // [1, 3]; column 0 of vectors ∝ (1, -1)/√2
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  checkSquare(a, n);
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m.set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]));
  }
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const raw = e.realEigenvalues;
  const v = e.eigenvectorMatrix;
  const order = Array.from(raw.keys()).sort((p, q) => raw[p] - raw[q]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = raw[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v.get(i, src);
  }
  return { values, vectors };
}
