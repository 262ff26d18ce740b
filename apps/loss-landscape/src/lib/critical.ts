import { symmetricEigen } from "@langevin/core";

/**
 * Index of a symmetric matrix: the number of eigenvalues below −tol, with the spectrum.
 * @example
 * indexOf(new Float64Array([1, 0, 0, -2]), 2, 1e-12).negatives; // 1
 */
export function indexOf(
  h: Float64Array,
  n: number,
  tol: number,
): { negatives: number; values: Float64Array } {
  const { values } = symmetricEigen(h, n);
  let negatives = 0;
  for (const v of values) if (v < -tol) negatives++;
  return { negatives, values };
}
