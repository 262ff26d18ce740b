import {
  assertInteger,
  InvalidArgumentError,
  permutation,
  type Rng,
  ShapeMismatchError,
} from "@langevin/core";
import { Tensor } from "../tensor.js";

/** Options of mini-batch sampling. */
export interface BatchOptions {
  /** Draw each index independently (with replacement); default false: an epoch is a permutation. */
  replacement?: boolean;
  /** Without replacement: drop the last, smaller batch (default false). */
  dropLast?: boolean;
}

/**
 * One epoch of mini-batches of indices into a data set of `n` examples. Without replacement: a
 * Fisher–Yates permutation cut into ⌈n/b⌉ batches (the last one smaller unless `dropLast`). With
 * replacement: ⌈n/b⌉ batches of `b` indices, each uniform in [0, n) independently (the sampling for
 * which var(∇f_b) = D(x)/b exactly).
 * @example
 * for (const idx of batches(1000, 32, createRng(7))) trainOn(idx);
 */
export function batches(n: number, b: number, rng: Rng, options: BatchOptions = {}): Int32Array[] {
  assertInteger(n, "n", 1);
  assertInteger(b, "b", 1);
  const count = Math.ceil(n / b);
  const out: Int32Array[] = [];
  if (options.replacement) {
    for (let k = 0; k < count; k++) {
      const idx = new Int32Array(b);
      for (let i = 0; i < b; i++) idx[i] = rng.int(n);
      out.push(idx);
    }
    return out;
  }
  const perm = permutation(n, rng);
  for (let s = 0; s < n; s += b) {
    if (s + b > n && options.dropLast) break;
    out.push(perm.slice(s, Math.min(s + b, n)));
  }
  return out;
}

/**
 * Gathers rows `idx` of a row-major (rows × cols) array into a (|idx| × cols) tensor (a copy).
 * @example
 * const xb = takeRows(X, 49, idx);
 */
export function takeRows(data: Float64Array | Tensor, cols: number, idx: ArrayLike<number>): Tensor {
  const src = data instanceof Tensor ? data.data : data;
  assertInteger(cols, "cols", 1);
  if (src.length % cols !== 0) {
    throw new ShapeMismatchError(
      "data",
      `takeRows: length ${src.length} is not a multiple of cols = ${cols}`,
    );
  }
  const rows = src.length / cols;
  const out = new Float64Array(idx.length * cols);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (!(Number.isInteger(r) && r >= 0 && r < rows)) {
      throw new InvalidArgumentError("idx", `takeRows: idx[${i}] = ${r} is not a row in [0, ${rows})`);
    }
    out.set(src.subarray(r * cols, r * cols + cols), i * cols);
  }
  return new Tensor(out, [idx.length, cols]);
}

/**
 * Gathers entries `idx` of a label array.
 * @example
 * const yb = takeLabels(Y, idx);
 */
export function takeLabels(labels: Int32Array, idx: ArrayLike<number>): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (!(Number.isInteger(r) && r >= 0 && r < labels.length)) {
      throw new InvalidArgumentError("idx", `takeLabels: idx[${i}] = ${r} is not in [0, ${labels.length})`);
    }
    out[i] = labels[r];
  }
  return out;
}
