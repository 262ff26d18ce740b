/**
 * An energy in Rⁿ: returns E(x) and writes ∇E(x) into `grad` (same length as `x`).
 *
 * A network's loss over its flat parameter vector plugs in directly.
 *
 * @example
 * ```ts
 * const bowl: EnergyFunction = (x, g) => {
 *   g[0] = 2 * x[0];
 *   g[1] = 2 * x[1];
 *   return x[0] * x[0] + x[1] * x[1];
 * };
 * ```
 */
export type EnergyFunction = (x: Float64Array, grad: Float64Array) => number;

/**
 * A point given as any array of numbers.
 *
 * @example
 * ```ts
 * const p: PointLike = [0.5, 1.2]; // or a Float64Array
 * ```
 */
export type PointLike = ArrayLike<number>;
