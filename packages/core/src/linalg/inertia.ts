import { InvalidArgumentError } from "../errors.js";

/** Sylvester's inertia of a symmetric matrix: how many eigenvalues are negative, zero and positive. */
export interface Inertia {
  /** Eigenvalues below −tolerance: the Morse index of a critical point whose Hessian this is. */
  negative: number;
  /** Eigenvalues within ±tolerance (and NaN ones): directions the second-order test cannot judge. */
  zero: number;
  /** Eigenvalues above +tolerance. */
  positive: number;
}

/**
 * Counts the eigenvalues below −tolerance, within it, and above it. With the eigenvalues of a
 * Hessian this classifies a critical point: index = `negative`; any `zero` makes it degenerate. The
 * tolerance is the caller's: how far the eigenvalues are uncertain (round-off of the Hessian, e.g.
 * 1e-8·max|λ|, or how much it still changes near the point). A NaN eigenvalue counts as zero, so it
 * can never pass for a minimum.
 * @example
 * inertia([-2, 1e-14, 3], 1e-10); // { negative: 1, zero: 1, positive: 1 }
 */
export function inertia(eigenvalues: ArrayLike<number>, tolerance: number): Inertia {
  if (!(tolerance >= 0)) throw new InvalidArgumentError("tolerance", `must be >= 0, got ${tolerance}`);
  let negative = 0;
  let zero = 0;
  let positive = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i];
    if (!(Math.abs(v) > tolerance)) zero++;
    else if (v < 0) negative++;
    else positive++;
  }
  return { negative, zero, positive };
}
