import { assertInteger } from "../validate.js";
import type { Rng } from "./rng.js";

/**
 * A uniformly random permutation of 0..n−1 (Fisher–Yates with the unbiased `rng.int`): the same
 * stream gives the same permutation bit for bit. Mini-batch epochs (@langevin/autograd) and seeded
 * train/test splits (@langevin/datasets) both draw from it.
 * @example
 * permutation(5, createRng(0)); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function permutation(n: number, rng: Rng): Int32Array {
  assertInteger(n, "n", 0);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
