/**
 * Bernoulli function `B(z) = z / (e^z − 1)`, with `B(0) = 1`, accurate for all real z
 * (`B(−z) = e^z B(z)` holds to round-off, which makes the fitted fluxes exact on Gibbs states).
 *
 * @example
 * ```ts
 * bernoulli(0); // 1
 * bernoulli(-2) / bernoulli(2); // e^2
 * ```
 */
export function bernoulli(z: number): number {
  if (Math.abs(z) < 1e-4) return 1 - z / 2 + (z * z) / 12;
  return z / Math.expm1(z);
}
