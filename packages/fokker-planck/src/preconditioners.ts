import { InvalidArgumentError } from "@langevin/core";
import type { Grid } from "./grid.js";
import type { Preconditioner } from "./sparse/bicgstab.js";
import type { CsrMatrix } from "./sparse/csr.js";
import { ilu0, iluSolve } from "./sparse/ilu.js";
import { multigridPreconditioner } from "./sparse/multigrid.js";

/**
 * Builds a preconditioner for a linear system on a grid: given the system matrix `A` (CSR, one row
 * per cell) it returns `M⁻¹` as a function `(r, z) => void` writing z ≈ A⁻¹ r. It is called once per
 * distinct system (e.g. per step length of an implicit method) and the result reused for every
 * solve. Built-in: "ilu" ({@link iluPreconditioner}) and "multigrid" (`multigridPreconditioner`, geometric
 * with Galerkin coarse operators).
 *
 * @example
 * ```ts
 * // Jacobi: z = r / diag(A)
 * const jacobi: PreconditionerFactory = (A) => {
 *   const d = new Float64Array(A.rows);
 *   for (let i = 0; i < A.rows; i++)
 *     for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) if (A.colIndex[p] === i) d[i] = A.values[p];
 *   return (r, z) => { for (let i = 0; i < r.length; i++) z[i] = r[i] / d[i]; };
 * };
 * evolve(op, rho0, { t1: 1, dt: 0.1, preconditioner: jacobi });
 * ```
 */
export type PreconditionerFactory = (A: CsrMatrix, grid: Grid) => Preconditioner;

/** ILU(0) of A. */
export const iluPreconditioner: PreconditionerFactory = (A) => {
  const f = ilu0(A);
  return (r, z) => iluSolve(f, r, z);
};

/** A preconditioner option: a name or a factory. */
export type PreconditionerChoice = "ilu" | "multigrid" | PreconditionerFactory;

/** The factory behind a name (or the factory itself); anything else names `argument` in the error. */
export function resolvePreconditioner(choice: PreconditionerChoice, argument: string): PreconditionerFactory {
  if (choice === "ilu") return iluPreconditioner;
  if (choice === "multigrid") return multigridPreconditioner;
  if (typeof choice === "function") return choice;
  throw new InvalidArgumentError(
    argument,
    `must be "ilu", "multigrid" or a function (A, grid) => preconditioner, got ${String(choice)}`,
  );
}
