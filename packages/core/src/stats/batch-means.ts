import { InvalidArgumentError } from "../errors.js";

/** An estimate and its standard error. */
export interface MeanSe {
  /** The mean of the estimates. */
  mean: number;
  /** Its standard error (sample standard deviation / √n). */
  se: number;
}

/**
 * Mean and standard error (sample standard deviation / √n) of n ≥ 2 independent estimates.
 * @example
 * meanSe([1, 2, 3, 4]); // { mean: 2.5, se: 0.6454972243679028 }
 */
export function meanSe(v: ArrayLike<number>): MeanSe {
  const n = v.length;
  if (n < 2) throw new InvalidArgumentError("v", `needs at least 2 estimates for a standard error, got ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(s / (n - 1) / n) };
}

/**
 * Batch means for a long correlated run: the run is cut into `batches` consecutive blocks, each
 * block gives one estimate per component, and the standard error is the spread of the block
 * estimates / √batches. Valid when a block is much longer than the correlation time (the caller
 * makes sure of that: a too-short block underestimates the error).
 * @example
 * const bm = new BatchMeans(20, 1);
 * for (let t = 0; t < 20_000; t++) bm.add(Math.floor(t / 1000), [x[t]]);
 * bm.estimate(0); // { mean, se }
 */
export class BatchMeans {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  constructor(
    /** Number of consecutive blocks (≥ 2). */
    readonly batches: number,
    /** Number of components of each observation. */
    readonly width: number,
  ) {
    if (!(Number.isInteger(batches) && batches >= 2))
      throw new InvalidArgumentError("batches", `must be an integer ≥ 2, got ${batches}`);
    if (!(Number.isInteger(width) && width >= 1))
      throw new InvalidArgumentError("width", `must be a positive integer, got ${width}`);
    this.sums = new Float64Array(batches * width);
    this.counts = new Float64Array(batches);
  }

  /** Adds one observation (width values) to block `batch`. */
  add(batch: number, values: ArrayLike<number>): void {
    const o = batch * this.width;
    for (let i = 0; i < this.width; i++) this.sums[o + i] += values[i];
    this.counts[batch]++;
  }

  /** Adds a scalar to component `i` of block `batch` without counting an observation. */
  addComponent(batch: number, i: number, v: number): void {
    this.sums[batch * this.width + i] += v;
  }

  /** Counts one observation in block `batch` (after `addComponent` calls). */
  count(batch: number): void {
    this.counts[batch]++;
  }

  /** Per-block means of component i. */
  blockMeans(i: number): Float64Array {
    const out = new Float64Array(this.batches);
    for (let b = 0; b < this.batches; b++) out[b] = this.sums[b * this.width + i] / this.counts[b];
    return out;
  }

  /** Mean and standard error of component i. */
  estimate(i: number): MeanSe {
    return meanSe(this.blockMeans(i));
  }
}
