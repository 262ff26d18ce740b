import { SolverBreakdownError } from "../errors.js";
import { type CsrMatrix, cloneCsr, diagonalPositions } from "./csr.js";

/** An incomplete LU factorisation with the sparsity of A (ILU(0)), stored in one CSR array. */
export interface Ilu0 {
  /** L (unit diagonal, not stored) and U in the sparsity pattern of A. */
  readonly lu: CsrMatrix;
  /** Position of each row's diagonal entry in `lu.values`. */
  readonly diag: Int32Array;
}

/**
 * ILU(0) of a square CSR matrix with sorted columns and a full diagonal.
 *
 * @example
 * ```ts
 * const f = ilu0(a);
 * iluSolve(f, r, z); // z ≈ A⁻¹ r
 * ```
 */
export function ilu0(a: CsrMatrix): Ilu0 {
  const lu = cloneCsr(a);
  const diag = diagonalPositions(lu);
  const { rows, rowPtr, colIndex, values } = lu;
  const pos = new Int32Array(rows).fill(-1);
  for (let i = 0; i < rows; i++) {
    if (diag[i] < 0) throw new SolverBreakdownError(`ILU(0): row ${i} has no diagonal entry`, i);
    const a0 = rowPtr[i];
    const a1 = rowPtr[i + 1];
    for (let p = a0; p < a1; p++) pos[colIndex[p]] = p;
    for (let p = a0; p < a1; p++) {
      const k = colIndex[p];
      if (k >= i) break;
      const lik = values[p] / values[diag[k]];
      values[p] = lik;
      for (let q = diag[k] + 1; q < rowPtr[k + 1]; q++) {
        const t = pos[colIndex[q]];
        if (t >= 0) values[t] -= lik * values[q];
      }
    }
    for (let p = a0; p < a1; p++) pos[colIndex[p]] = -1;
    if (values[diag[i]] === 0 || !Number.isFinite(values[diag[i]])) {
      // a solver failure (cancellation, underflow, a decoupled row), not a property of the input
      throw new SolverBreakdownError(
        `ILU(0) broke down: pivot ${values[diag[i]]} at row ${i} (the incomplete factorisation cancelled or underflowed)`,
        i,
      );
    }
  }
  return { lu, diag };
}

/**
 * Solves `(LU) z = r` with the ILU(0) factors; `z` may alias `r`.
 *
 * @example
 * ```ts
 * iluSolve(ilu0(a), r, z);
 * ```
 */
export function iluSolve(f: Ilu0, r: Float64Array, z: Float64Array): Float64Array {
  const { rows, rowPtr, colIndex, values } = f.lu;
  const diag = f.diag;
  for (let i = 0; i < rows; i++) {
    let s = r[i];
    for (let p = rowPtr[i], e = diag[i]; p < e; p++) s -= values[p] * z[colIndex[p]];
    z[i] = s;
  }
  for (let i = rows - 1; i >= 0; i--) {
    let s = z[i];
    for (let p = diag[i] + 1, e = rowPtr[i + 1]; p < e; p++) s -= values[p] * z[colIndex[p]];
    z[i] = s / values[diag[i]];
  }
  return z;
}
