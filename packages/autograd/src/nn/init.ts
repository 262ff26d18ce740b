import { InvalidArgumentError, type Rng } from "@langevin/core";

/** Weight initialisation schemes. */
export type InitScheme = "glorot" | "he" | "zeros";

/**
 * Fills `w` (fanIn × fanOut) in place: Glorot/Xavier uniform U(−a, a), a = √(6/(fanIn+fanOut))
 * (variance 2/(fanIn+fanOut), for tanh/sigmoid); He normal N(0, 2/fanIn) (for ReLU); or zeros.
 * @example
 * initWeights(new Float64Array(6), 2, 3, "glorot", createRng(0));
 */
export function initWeights(
  w: Float64Array,
  fanIn: number,
  fanOut: number,
  scheme: InitScheme,
  rng: Rng,
): Float64Array {
  if (scheme === "zeros") return w.fill(0);
  if (scheme === "glorot") {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    rng.fillUniform(w);
    for (let i = 0; i < w.length; i++) w[i] = a * (2 * w[i] - 1);
    return w;
  }
  if (scheme === "he") {
    const s = Math.sqrt(2 / fanIn);
    rng.fillNormal(w);
    for (let i = 0; i < w.length; i++) w[i] *= s;
    return w;
  }
  throw new InvalidArgumentError("init", `unknown initialisation "${scheme as string}" (glorot, he, zeros)`);
}
