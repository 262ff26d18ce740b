/**
 * An optimiser for NEB forces. NEB forces are not the gradient of any function, so these take a
 * step from the force alone (no line search). `x` and `f` are the moving images' positions and
 * forces, image after image (`dim` per image); `step` moves `x` in place.
 *
 * @example
 * ```ts
 * const steepest = (dt: number): NebOptimizer => ({
 *   name: "steepest",
 *   reset() {},
 *   step(x, f) { for (let i = 0; i < x.length; i++) x[i] += dt * f[i]; },
 * });
 * ```
 */
export interface NebOptimizer {
  /** Name for reports and errors ("fire", "lbfgs", …). */
  readonly name: string;
  /**
   * Prepares for `length` unknowns (`dim` per image) and drops the vector state (velocities,
   * curvature pairs). Called when a solve starts, when AutoNEB inserts images and when the climbing
   * image switches on; with `warm` true (the latter two) an optimiser may keep its adaptive scalars
   * (FIRE's time step and mixing, L-BFGS's trust radius).
   */
  reset(length: number, dim: number, warm?: boolean): void;
  /** Moves `x` along the force `f` (both of length set in `reset`). */
  step(x: Float64Array, f: Float64Array): void;
}
