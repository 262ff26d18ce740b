import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { NonFiniteError } from "../errors.js";
import { checkSquare } from "./check.js";

/** Eigenvalues of a general real matrix, as real and imaginary parts (conjugate pairs adjacent). */
export interface GeneralEigenvalues {
  /** Real parts, in the order of ml-matrix's Hessenberg QR (not sorted). */
  re: number[];
  /** Imaginary parts; a complex pair appears as (+b, −b) at consecutive positions. */
  im: number[];
}

/**
 * Eigenvalues of a general (non-symmetric) real n × n matrix, row-major, by ml-matrix's reduction
 * to Hessenberg form and shifted QR (EISPACK's hqr2, as JAMA). For a symmetric matrix use
 * `symmetricEigen`, which is faster and returns orthonormal vectors. Throws `NonFiniteError` naming
 * `a` when an entry is NaN or infinite (the QR iteration would not end well).
 * @example
 * // a rotation generator: eigenvalues ±i
 * generalEigenvalues(new Float64Array([0, -1, 1, 0]), 2); // { re: [0, 0], im: [1, -1] }
 */
export function generalEigenvalues(a: ArrayLike<number>, n: number): GeneralEigenvalues {
  checkSquare(a, n);
  for (let i = 0; i < a.length; i++)
    if (!Number.isFinite(a[i]))
      throw new NonFiniteError(`a: entry ${i} is ${a[i]}`, { argument: "a", index: i, value: a[i] });
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
  const e = new EigenvalueDecomposition(new Matrix(rows));
  return { re: e.realEigenvalues, im: e.imaginaryEigenvalues };
}
