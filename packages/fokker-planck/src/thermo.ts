import {
  assertPositive,
  entropy as coreEntropy,
  klDivergence as coreKl,
  InvalidArgumentError,
  ShapeMismatchError,
} from "@langevin/core";
import type { Grid } from "./grid.js";

/**
 * Round-off negatives (≥ −1e-12 × max, left by iterative solves or Crank–Nicolson) are clamped to 0;
 * larger negative values are passed on, so core's functions reject them.
 */
function clampRoundoff(p: ArrayLike<number>): ArrayLike<number> {
  let min = 0;
  let max = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] < min) min = p[i];
    if (p[i] > max) max = p[i];
  }
  if (min >= 0 || min < -1e-12 * max) return p;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = Math.max(0, p[i]);
  return out;
}

/** Φ and its partition function. */
export interface PotentialResult {
  /** Φ = −β⁻¹ log ρ_ss, shifted so that min Φ = 0. */
  phi: Float64Array;
  /** log Z with Z = Σ e^{−βΦ} dV (so ρ_ss = e^{−βΦ}/Z). */
  logZ: number;
}

/**
 * The potential Φ = −β⁻¹ log ρ_ss of a stationary density (shifted to min 0) and log Z.
 *
 * @example
 * ```ts
 * const { phi, logZ } = potentialPhi(g, ss.density, beta);
 * ```
 */
export function potentialPhi(grid: Grid, rhoSS: ArrayLike<number>, beta: number): PotentialResult {
  assertPositive(beta, "beta");
  if (rhoSS.length !== grid.size) throw new ShapeMismatchError("rhoSS", `length ≠ grid.size ${grid.size}`);
  let max = 0;
  for (let i = 0; i < rhoSS.length; i++) {
    if (!(rhoSS[i] > 0))
      throw new InvalidArgumentError("rhoSS", `must be > 0 everywhere (cell ${i}: ${rhoSS[i]})`);
    if (rhoSS[i] > max) max = rhoSS[i];
  }
  const phi = new Float64Array(rhoSS.length);
  let z = 0;
  for (let i = 0; i < rhoSS.length; i++) {
    phi[i] = -Math.log(rhoSS[i] / max) / beta;
    z += Math.exp(-beta * phi[i]);
  }
  return { phi, logZ: Math.log(z * grid.cellVolume) };
}

/**
 * Differential entropy H(ρ) = −Σ ρ log ρ dV (core's `entropy` with the cell volume).
 *
 * @example
 * ```ts
 * entropy(g, rho);
 * ```
 */
export function entropy(grid: Grid, rho: ArrayLike<number>): number {
  return coreEntropy(clampRoundoff(rho), grid.cellVolume);
}

/**
 * KL(ρ ‖ q) = Σ ρ log(ρ/q) dV (core's `klDivergence` with the cell volume).
 *
 * @example
 * ```ts
 * klDivergence(g, rho, ss.density); // ≥ 0
 * ```
 */
export function klDivergence(grid: Grid, rho: ArrayLike<number>, q: ArrayLike<number>): number {
  if (rho.length !== q.length) throw new ShapeMismatchError("q", "must have the length of rho");
  return coreKl(clampRoundoff(rho), clampRoundoff(q), grid.cellVolume);
}

/**
 * Free energy F(ρ) = E_ρ[Φ] − β⁻¹ H(ρ) (Chaudhari–Soatto, Theorem 5); with Φ from
 * {@link potentialPhi}, F(ρ) + β⁻¹ log Z = β⁻¹ KL(ρ ‖ ρ_ss).
 *
 * @example
 * ```ts
 * const { phi, logZ } = potentialPhi(g, ss.density, beta);
 * freeEnergy(g, rho, phi, beta) + logZ / beta; // = klDivergence(g, rho, ss.density) / beta
 * ```
 */
export function freeEnergy(grid: Grid, rho: ArrayLike<number>, phi: ArrayLike<number>, beta: number): number {
  assertPositive(beta, "beta");
  if (phi.length !== rho.length) throw new ShapeMismatchError("phi", "must have the length of rho");
  let e = 0;
  for (let i = 0; i < rho.length; i++) if (rho[i] !== 0) e += rho[i] * phi[i];
  return e * grid.cellVolume - entropy(grid, rho) / beta;
}
