import type { Grid } from "@langevin/fokker-planck";

/**
 * A copy of a density floored at 1e-14 of its peak and renormalised (Σρ dV = 1). Stationary states of
 * generators with cross-diffusion can have round-off or O(h²) negatives in their tails; Φ = −β⁻¹ log ρₛₛ
 * and KL need ρₛₛ > 0.
 * @example
 * const ss = positiveDensity(g, stationary(op).density);
 */
export function positiveDensity(g: Grid, rho: Float64Array): Float64Array {
  let peak = 0;
  for (let k = 0; k < rho.length; k++) peak = Math.max(peak, rho[k]);
  const floor = 1e-14 * peak;
  const out = new Float64Array(rho.length);
  let sum = 0;
  for (let k = 0; k < rho.length; k++) {
    out[k] = Math.max(rho[k], floor);
    sum += out[k];
  }
  const s = 1 / (sum * g.cellVolume);
  for (let k = 0; k < out.length; k++) out[k] *= s;
  return out;
}
