/**
 * Batch means for a long correlated run: the run is cut into `batches` consecutive blocks, each
 * block gives one estimate, and the standard error is the spread of the block estimates / √batches.
 * Valid when a block is much longer than the correlation time (the experiments make sure of that).
 */
export class BatchMeans {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  constructor(
    readonly batches: number,
    readonly width: number,
  ) {
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
  estimate(i: number): { mean: number; se: number } {
    return meanSe(this.blockMeans(i));
  }
}

/** Mean and standard error (sample std / √n) of independent estimates. */
export function meanSe(v: ArrayLike<number>): { mean: number; se: number } {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(s / (n - 1) / n) };
}

/** Least-squares slope and intercept of y on x with the slope's standard error. */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { slope: number; intercept: number; slopeSe: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - intercept - slope * x[i]) ** 2;
  const slopeSe = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
  return { slope, intercept, slopeSe };
}
