import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { mergeWeights, momentDenominator, momentStateFromJSON } from "./moment-state.js";

/** The JSON form of {@link RunningVariances}: plain numbers, so shards can be merged exactly. */
export interface RunningVariancesJSON {
  /** Dimension of the observed vectors. */
  dim: number;
  /** Total weight (the number of observations when unweighted). */
  count: number;
  /** The running mean, length dim. */
  mean: number[];
  /** Sums of squared deviations Σ (x_i − x̄_i)², one per component. */
  m2: number[];
}

/**
 * Running mean and variance of each component of a stream of vectors in R^dim, without the
 * covariances between components: O(dim) memory and work per observation where
 * {@link RunningMoments} needs O(dim²). For many quantities whose spreads matter one by one (the
 * d(d+1)/2 products x_i x_j of a time-averaged second moment, say), that is the difference between
 * O(d²) and O(d⁴). Welford's update per observation and Chan, Golub & LeVeque's formula to merge,
 * component by component; `toJSON`/`fromJSON` round-trip bit for bit.
 * @example
 * const a = new RunningVariances(2);
 * a.push([1, 2]);
 * a.push([3, 6]);
 * const b = new RunningVariances(2);
 * b.push([5, 10]);
 * a.merge(b);
 * a.mean; // Float64Array [3, 6]
 * a.variance(); // Float64Array [4, 16]
 */
export class RunningVariances {
  /** Number of observations. */
  count = 0;
  /** The running mean, length dim. */
  readonly mean: Float64Array;
  /** Sums of squared deviations from the mean, length dim. */
  readonly m2: Float64Array;

  constructor(
    /** Dimension of the observed vectors (≥ 1). */
    readonly dim: number,
  ) {
    if (!(Number.isSafeInteger(dim) && dim >= 1))
      throw new InvalidArgumentError("dim", `must be an integer >= 1, got ${dim}`);
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  /** Adds one observation `x[offset .. offset+dim)`. */
  push(x: ArrayLike<number>, offset = 0): void {
    const d = this.dim;
    if (offset < 0 || offset + d > x.length)
      throw new ShapeMismatchError("x", `needs ${d} values from offset ${offset}, length is ${x.length}`);
    const n = ++this.count;
    const m = this.mean;
    const s = this.m2;
    for (let i = 0; i < d; i++) {
      const v = x[offset + i];
      const delta = v - m[i];
      m[i] += delta / n;
      s[i] += delta * (v - m[i]);
    }
  }

  /** Merges `other` into this accumulator (Chan et al., per component). `other` is unchanged. */
  merge(other: RunningVariances): this {
    const w = mergeWeights(this, other);
    if (!w) return this;
    const { nb, n, f } = w;
    for (let i = 0; i < this.dim; i++) {
      const delta = other.mean[i] - this.mean[i];
      this.m2[i] += other.m2[i] + delta * delta * f;
      this.mean[i] += (delta * nb) / n;
    }
    this.count = n;
    return this;
  }

  /** The variances, squared deviations divided by count − ddof. */
  variance(ddof = 1): Float64Array {
    const denom = momentDenominator(this.count, ddof);
    return Float64Array.from(this.m2, (s) => s / denom);
  }

  /** A plain-number snapshot; `RunningVariances.fromJSON(JSON.parse(JSON.stringify(v)))` is exact. */
  toJSON(): RunningVariancesJSON {
    return { dim: this.dim, count: this.count, mean: Array.from(this.mean), m2: Array.from(this.m2) };
  }

  /**
   * Rebuilds an accumulator from {@link RunningVariances.toJSON}'s output, checking every field (a
   * state read from a file), as {@link RunningMoments.fromJSON} does: `dim` (equal to `expectedDim`
   * when given), a finite `count` ≥ 0, `dim` means and `dim` sums of squares `m2`, each ≥ 0. Means
   * and sums are numbers, NaN and ±Infinity admitted (observations are not checked either), but
   * never null (how JSON writes them: the value is lost). Errors are `InvalidArgumentError`s naming
   * the field under `argument`, as in `"json.m2[0]"`.
   */
  static fromJSON(json: unknown, argument = "json", expectedDim?: number): RunningVariances {
    const { dim, count, mean, sums } = momentStateFromJSON(json, argument, expectedDim, "m2", false);
    const r = new RunningVariances(dim);
    r.count = count;
    r.mean.set(mean);
    r.m2.set(sums);
    return r;
  }
}
