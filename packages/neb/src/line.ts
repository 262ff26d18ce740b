import { assertInteger, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import type { EnergyFunction, PointLike } from "./types.js";

/**
 * The energy on the straight line from `a` to `b` at `count` evenly spaced points (both ends
 * included): the baseline a minimum-energy path is compared with (Draxler et al.'s "linear
 * interpolation" barrier). Returns the fractions t, the energies, and the highest point.
 *
 * @example
 * ```ts
 * const mb = surfaces.mullerBrown();
 * const line = straightLineEnergies(mb.energy, mb.minima[0], mb.minima[1], 101);
 * line.max.energy; // the straight line's barrier top
 * ```
 */
export function straightLineEnergies(
  energy: EnergyFunction,
  a: PointLike,
  b: PointLike,
  count = 101,
): {
  /** The fractions t ∈ [0, 1] along the line, a at 0 and b at 1. */
  t: Float64Array;
  /** E((1 − t) a + t b) at each fraction. */
  energy: Float64Array;
  /** The highest sampled point. */
  max: {
    /** Its fraction along the line. */
    t: number;
    /** Its energy: the straight line's barrier top. */
    energy: number;
  };
} {
  if (a.length !== b.length) {
    throw new ShapeMismatchError("b", `endpoint b has length ${b.length} but a has length ${a.length}`);
  }
  assertInteger(count, "count", 2);
  const d = a.length;
  const x = new Float64Array(d);
  const g = new Float64Array(d);
  const t = new Float64Array(count);
  const e = new Float64Array(count);
  let best = 0;
  for (let k = 0; k < count; k++) {
    const s = k / (count - 1);
    for (let j = 0; j < d; j++) x[j] = (1 - s) * a[j] + s * b[j];
    t[k] = s;
    e[k] = energy(x, g);
    if (!Number.isFinite(e[k]))
      throw new NonFiniteError(`energy is ${e[k]} at t = ${s} on the straight line`, { t: s });
    if (e[k] > e[best]) best = k;
  }
  return { t, energy: e, max: { t: t[best], energy: e[best] } };
}
