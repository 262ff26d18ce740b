import { ConvergenceError } from "@langevin/core";

/**
 * A direct factorisation met a zero pivot: for ILU(0), a pivot that cancelled; for the GTH
 * elimination, a state whose remaining exit rates are all zero, i.e. the generator is reducible in
 * double precision (rates that underflowed, or a stencil that lost its couplings at the walls), so the
 * stationary density is not unique. A solver failure, not bad input: it is a `ConvergenceError`
 * (0 iterations, residual ∞), and the message says what to try.
 *
 * @example
 * ```ts
 * try {
 *   stationary(op);
 * } catch (e) {
 *   if (e instanceof SolverBreakdownError) console.log(e.row, e.message);
 * }
 * ```
 */
export class SolverBreakdownError extends ConvergenceError {
  override name = "SolverBreakdownError";
  constructor(
    message: string,
    /** The row (cell) where the pivot vanished. */
    readonly row: number,
  ) {
    super(message, 0, Number.POSITIVE_INFINITY);
  }
}

