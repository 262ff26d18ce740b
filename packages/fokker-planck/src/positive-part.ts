import { ShapeMismatchError } from "@langevin/core";
import type { Grid } from "./grid.js";

/** Result of {@link positivePart}. */
export interface PositivePart {
  /** max(ρ, 0), in `out` when given. */
  density: Float64Array;
  /** The smallest value of ρ (negative when ρ went negative somewhere). */
  minDensity: number;
  /** Σ max(−ρ, 0) dV: the mass the clipping removes. */
  negativeMass: number;
}

/**
 * The positive part of a density computed by a scheme that does not preserve positivity
 * (Crank–Nicolson and BDF2 for large `dt·maxRate`, central cross-diffusion), with how negative it
 * went: the most negative value and the negative mass. Diagnostics such as `klDivergence` and
 * `freeEnergy` need ρ ≥ 0 and reject a negative input; give them `density` and report the other
 * two, so that a valid run is never turned into an error by its own diagnostics. `out` (length
 * `grid.size`) receives the clipped density, so a per-step diagnostic allocates nothing.
 *
 * @example
 * ```ts
 * const p = positivePart(g, rho);
 * klDivergence(g, p.density, ss.density); // p.minDensity, p.negativeMass say what was clipped
 * ```
 */
export function positivePart(
  grid: Grid,
  rho: ArrayLike<number>,
  out: Float64Array = new Float64Array(grid.size),
): PositivePart {
  if (rho.length !== grid.size)
    throw new ShapeMismatchError("rho", `length ${rho.length} ≠ grid.size ${grid.size}`);
  if (out.length !== grid.size)
    throw new ShapeMismatchError("out", `length ${out.length} ≠ grid.size ${grid.size}`);
  const density = out;
  let minDensity = Number.POSITIVE_INFINITY;
  let negative = 0;
  for (let i = 0; i < rho.length; i++) {
    const v = rho[i];
    if (v < minDensity) minDensity = v;
    if (v < 0) {
      negative -= v;
      density[i] = 0;
    } else density[i] = v;
  }
  return { density, minDensity, negativeMass: negative * grid.cellVolume };
}
