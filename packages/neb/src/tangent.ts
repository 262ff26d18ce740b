/**
 * A tangent estimate: writes an (unnormalised) tangent of image `i` (0 < i < n−1) into
 * `out[0..dim)`. `x` holds the images, `e` their energies. The driver normalises it and falls
 * back to the bisection of the two neighbour directions, then to the chord, when it is zero.
 *
 * @example
 * ```ts
 * const central: TangentEstimate = (x, e, i, dim, out) => {
 *   for (let j = 0; j < dim; j++) out[j] = x[(i + 1) * dim + j] - x[(i - 1) * dim + j];
 * };
 * ```
 */
export type TangentEstimate = (
  x: Float64Array,
  e: Float64Array,
  i: number,
  dim: number,
  out: Float64Array,
) => void;

/**
 * The improved tangent of Henkelman & Jónsson (J. Chem. Phys. 113, 9978, 2000, eqs. 8–11): the
 * direction to the higher neighbour, and at an extremum of the energy along the band a mix of
 * both directions weighted by the energy differences.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { tangent: improvedTangent });
 * ```
 */
export const improvedTangent: TangentEstimate = (x, e, i, dim, out) => {
  const ep = e[i + 1];
  const e0 = e[i];
  const em = e[i - 1];
  const op = (i + 1) * dim;
  const o0 = i * dim;
  const om = (i - 1) * dim;
  if (ep > e0 && e0 > em) {
    for (let j = 0; j < dim; j++) out[j] = x[op + j] - x[o0 + j];
  } else if (ep < e0 && e0 < em) {
    for (let j = 0; j < dim; j++) out[j] = x[o0 + j] - x[om + j];
  } else {
    const dp = Math.abs(ep - e0);
    const dm = Math.abs(em - e0);
    const vmax = Math.max(dp, dm);
    const vmin = Math.min(dp, dm);
    const wp = ep > em ? vmax : vmin;
    const wm = ep > em ? vmin : vmax;
    for (let j = 0; j < dim; j++) out[j] = wp * (x[op + j] - x[o0 + j]) + wm * (x[o0 + j] - x[om + j]);
  }
};

/**
 * The central-difference tangent x_{i+1} − x_{i−1} (the original NEB's simplest choice; it makes
 * kinks on curved paths, use it for comparison only).
 *
 * @example
 * ```ts
 * neb(energy, a, b, { tangent: centralTangent });
 * ```
 */
export const centralTangent: TangentEstimate = (x, _e, i, dim, out) => {
  for (let j = 0; j < dim; j++) out[j] = x[(i + 1) * dim + j] - x[(i - 1) * dim + j];
};
