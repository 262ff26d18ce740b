import { InvalidArgumentError } from "../errors.js";

/**
 * The (differential) entropy H(p) = −Σ p log p·dV of a density on a grid, in nats, with
 * 0·log 0 = 0. With cellVolume = 1 and Σp = 1 this is the Shannon entropy of a discrete
 * distribution. Negative or NaN entries throw.
 * @example
 * entropy([0.25, 0.25, 0.25, 0.25]); // log 4
 * entropy([0.5, 0.5], 2); // density 0.5 on two cells of width 2 (uniform on [0, 4]): log 4
 */
export function entropy(p: ArrayLike<number>, cellVolume = 1): number {
  if (!(cellVolume > 0 && Number.isFinite(cellVolume)))
    throw new InvalidArgumentError("cellVolume", `must be a finite number > 0, got ${cellVolume}`);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    if (!(pi >= 0 && pi < Number.POSITIVE_INFINITY))
      throw new InvalidArgumentError("p", `p[${i}] = ${pi} is not a finite non-negative density`);
    if (pi > 0) s -= pi * Math.log(pi);
  }
  return s * cellVolume;
}
