import { ConvergenceError } from "@langevin/core";
import type { SplitDiagnostic } from "./split-diagnostic.js";

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
  /** Always `"SolverBreakdownError"`. */
  override name = "SolverBreakdownError";
  constructor(
    message: string,
    /** The row (cell) where the pivot vanished. */
    readonly row: number,
  ) {
    super(message, 0, Number.POSITIVE_INFINITY);
  }
}

/**
 * `stationary()` has a density but cannot certify the split between metastable basins (the flux
 * balance of `splitDiagnostic` fails) and cannot run the exact GTH elimination (too large for
 * `gthMaxEntries`, a generator with negative rates, or another method was requested). Rather than a
 * density that may hold the wrong well masses, this error: `diagnostic` has the basins, their
 * masses and imbalances as found, `residual` is the largest imbalance, and the message says what to
 * do. A `ConvergenceError`, so callers that handle solver failures handle it.
 *
 * @example
 * ```ts
 * try {
 *   stationary(op, { method: "multigrid" });
 * } catch (e) {
 *   if (e instanceof UncertifiedStationaryError) console.log(e.diagnostic.imbalance);
 * }
 * ```
 */
export class UncertifiedStationaryError extends ConvergenceError {
  /** Always `"UncertifiedStationaryError"`. */
  override name = "UncertifiedStationaryError";
  constructor(
    message: string,
    /** The split diagnostic that failed: basin masses, fluxes and imbalances. */
    readonly diagnostic: SplitDiagnostic,
    iterations: number,
  ) {
    super(message, iterations, diagnostic.maxImbalance);
  }
}
