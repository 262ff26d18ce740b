import { ShapeMismatchError } from "@langevin/core";

/** Anything with a flat parameter vector and a flat gradient of the same length (a `Sequential`). */
export interface FlatTarget {
  /** All parameters in one vector (updated in place). */
  flat: Float64Array;
  /** Their gradient, same length and order. */
  flatGrad: Float64Array;
}

/**
 * Checks that parameters and gradients have the same length.
 * @example
 * checkTarget(model); // throws ShapeMismatchError if flat and flatGrad differ in length
 */
export function checkTarget(target: FlatTarget): void {
  if (target.flat.length !== target.flatGrad.length) {
    throw new ShapeMismatchError(
      "target",
      `flat (${target.flat.length}) and flatGrad (${target.flatGrad.length}) must have the same length`,
    );
  }
}
