import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";

/**
 * The Kullback–Leibler divergence KL(p‖q) = Σ p log(p/q)·dV of two densities on the same grid
 * (natural log, nats). Zeros are handled explicitly: a cell with p = 0 contributes 0 (0·log 0 = 0,
 * whatever q is); a cell with p > 0 and q = 0 makes the divergence +Infinity. The densities are used
 * as given (not renormalised). Negative or NaN entries throw.
 * @example
 * klDivergence([0.5, 0.5], [0.25, 0.75]); // 0.5·log 2 + 0.5·log(2/3) ≈ 0.1438
 * klDivergence([0.5, 0.5], [1, 0]); // Infinity
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, cellVolume = 1): number {
  if (p.length !== q.length)
    throw new ShapeMismatchError("q", `length ${q.length} differs from p's ${p.length}`);
  if (!(cellVolume > 0 && Number.isFinite(cellVolume)))
    throw new InvalidArgumentError("cellVolume", `must be a finite number > 0, got ${cellVolume}`);
  let s = 0;
  let infinite = false;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const qi = q[i];
    if (!(pi >= 0 && pi < Number.POSITIVE_INFINITY))
      throw new InvalidArgumentError("p", `p[${i}] = ${pi} is not a finite non-negative density`);
    if (!(qi >= 0 && qi < Number.POSITIVE_INFINITY))
      throw new InvalidArgumentError("q", `q[${i}] = ${qi} is not a finite non-negative density`);
    if (pi === 0) continue;
    if (qi === 0) infinite = true;
    else s += pi * Math.log(pi / qi);
  }
  return infinite ? Number.POSITIVE_INFINITY : s * cellVolume;
}
