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

/**
 * `a · B(v / aFace)`, the fitted flux coefficient of a cell with diffusion `a` across a face with
 * drift integral `v` and diffusion `aFace`, without overflow when `v / aFace` leaves double
 * precision (β ~ 1e308): downstream `a · |v| / aFace` (B(z) → |z| as z → −∞), upstream 0. Equal to
 * `a * bernoulli(v / aFace)` whenever |v / aFace| < 700.
 *
 * @example
 * ```ts
 * fittedCoefficient(1e-308, -0.5, 1e-308); // 0.5 (a · B(−5e307), which would be 1e-308 · ∞)
 * ```
 */
export function fittedCoefficient(a: number, v: number, aFace: number): number {
  const z = v / aFace;
  if (Math.abs(z) < 700) return a * bernoulli(z);
  if (z > 0) return Number.isFinite(z) ? a * z * Math.exp(-z) : 0;
  return (a / aFace) * -v;
}
