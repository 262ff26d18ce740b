import type { EnergyFunction } from "../types.js";

/**
 * An analytic test surface in 2-D with its known stationary points (as published, or as found by
 * Newton's method on the analytic gradient, to the digits given).
 *
 * @example
 * ```ts
 * import { surfaces } from "@langevin/neb";
 * const s = surfaces.mullerBrown();
 * const g = new Float64Array(2);
 * s.energy(Float64Array.from(s.minima[0]), g); // ≈ -146.7, g ≈ 0
 * ```
 */
export interface Surface {
  /** Short name. */
  readonly name: string;
  /** Dimension (2 for every built-in surface). */
  readonly dim: number;
  /** E(x) with ∇E written into `grad`. */
  readonly energy: EnergyFunction;
  /** Approximate minima (refine with `refineCriticalPoint` when more digits are needed). */
  readonly minima: readonly (readonly number[])[];
  /** Approximate first-order saddle points. */
  readonly saddles: readonly (readonly number[])[];
  /** A box `[xmin, xmax, ymin, ymax]` that shows the interesting part (for plots). */
  readonly bounds: readonly [number, number, number, number];
}
