import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { mergeWeights, momentDenominator, momentStateFromJSON } from "./moment-state.js";

/** The JSON form of {@link RunningMoments}: plain numbers, so shards can be merged exactly. */
export interface RunningMomentsJSON {
  /** Dimension of the observed vectors. */
  dim: number;
  /** Total weight (the number of observations when unweighted). */
  count: number;
  /** The running mean, length dim. */
  mean: number[];
  /** Co-moment sums Σ w (x − x̄)(x − x̄)ᵀ, row-major dim × dim. */
  comoment: number[];
}

/**
 * Running mean and covariance of a stream of vectors in R^dim: Welford's update per observation
 * (O(dim²)), West's update for weighted observations, and Chan, Golub & LeVeque's pairwise formula
 * to merge two accumulators (shards, workers, batches). Merging is exact in the sense that
 * merge(a, b) equals one accumulator fed both streams, up to round-off; `toJSON`/`fromJSON` round-trip
 * bit for bit, so a shard's moments can be sent across threads or processes and merged there.
 *
 * Weights are frequency weights: `count` is the total weight and `covariance(ddof)` divides by
 * count − ddof.
 * @example
 * const a = new RunningMoments(2);
 * a.push([1, 2]);
 * a.push([3, 6]);
 * const b = new RunningMoments(2);
 * b.push([5, 10]);
 * a.merge(b);
 * a.mean; // Float64Array [3, 6]
 * a.covariance(); // Float64Array [4, 8, 8, 16]
 */
export class RunningMoments {
  /** Number of observations (total weight when weighted). */
  count = 0;
  /** The running mean, length dim. */
  readonly mean: Float64Array;
  /** The co-moment sums Σ w (x − x̄)(x − x̄)ᵀ, row-major dim × dim. */
  readonly comoment: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    /** Dimension of the observed vectors (≥ 1). */
    readonly dim: number,
  ) {
    if (!(Number.isSafeInteger(dim) && dim >= 1))
      throw new InvalidArgumentError("dim", `must be an integer >= 1, got ${dim}`);
    this.mean = new Float64Array(dim);
    this.comoment = new Float64Array(dim * dim);
    this.delta = new Float64Array(dim);
  }

  /** Adds one observation `x[offset .. offset+dim)`. */
  push(x: ArrayLike<number>, offset = 0): void {
    this.pushWeighted(x, 1, offset);
  }

  /** Adds one observation with frequency weight `weight` ≥ 0 (West 1979). */
  pushWeighted(x: ArrayLike<number>, weight: number, offset = 0): void {
    if (!(weight >= 0 && Number.isFinite(weight)))
      throw new InvalidArgumentError("weight", `must be a finite number >= 0, got ${weight}`);
    if (weight === 0) return;
    const d = this.dim;
    if (offset < 0 || offset + d > x.length)
      throw new ShapeMismatchError("x", `needs ${d} values from offset ${offset}, length is ${x.length}`);
    const m = this.mean;
    const delta = this.delta;
    const c = this.comoment;
    this.count += weight;
    const f = weight / this.count;
    for (let i = 0; i < d; i++) {
      delta[i] = x[offset + i] - m[i];
      m[i] += delta[i] * f;
    }
    for (let i = 0; i < d; i++) {
      const wdi = weight * delta[i];
      const row = i * d;
      for (let j = 0; j < d; j++) c[row + j] += wdi * (x[offset + j] - m[j]);
    }
  }

  /** Adds n observations stored as rows of length dim in `x` (row i at `x[i * dim]`). */
  pushRows(x: ArrayLike<number>, n: number): void {
    for (let i = 0; i < n; i++) this.pushWeighted(x, 1, i * this.dim);
  }

  /**
   * Merges `other` into this accumulator (Chan, Golub & LeVeque 1979):
   * n = na + nb, δ = x̄b − x̄a, x̄ = x̄a + δ·nb/n, C = Ca + Cb + δδᵀ·na·nb/n. `other` is unchanged.
   */
  merge(other: RunningMoments): this {
    const w = mergeWeights(this, other);
    if (!w) return this;
    const { nb, n, f } = w;
    const d = this.dim;
    const delta = this.delta;
    for (let i = 0; i < d; i++) delta[i] = other.mean[i] - this.mean[i];
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++)
        this.comoment[i * d + j] += other.comoment[i * d + j] + delta[i] * delta[j] * f;
    }
    for (let i = 0; i < d; i++) this.mean[i] += (delta[i] * nb) / n;
    this.count = n;
    return this;
  }

  /** The covariance matrix (row-major dim × dim), co-moments divided by count − ddof. */
  covariance(ddof = 1): Float64Array {
    const denom = this.denominator(ddof);
    const out = new Float64Array(this.dim * this.dim);
    for (let k = 0; k < out.length; k++) out[k] = this.comoment[k] / denom;
    return out;
  }

  /** The variances (the covariance diagonal), length dim. */
  variance(ddof = 1): Float64Array {
    const denom = this.denominator(ddof);
    const d = this.dim;
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) out[i] = this.comoment[i * d + i] / denom;
    return out;
  }

  /** A plain-number snapshot; `RunningMoments.fromJSON(JSON.parse(JSON.stringify(m)))` is exact. */
  toJSON(): RunningMomentsJSON {
    return {
      dim: this.dim,
      count: this.count,
      mean: Array.from(this.mean),
      comoment: Array.from(this.comoment),
    };
  }

  /**
   * Rebuilds an accumulator from {@link RunningMoments.toJSON}'s output, checking every field (a
   * state read from a file): `dim` (equal to `expectedDim` when given), a finite `count` ≥ 0, `dim`
   * means and `dim²` co-moments with a diagonal ≥ 0 (sums of squares). Means and co-moments are
   * numbers, NaN and ±Infinity admitted (observations are not checked either), but never null (how
   * JSON writes them: the value is lost). Errors are `InvalidArgumentError`s naming the field under
   * `argument`, as in `"json.mean[0]"`.
   */
  static fromJSON(json: unknown, argument = "json", expectedDim?: number): RunningMoments {
    const { dim, count, mean, sums } = momentStateFromJSON(json, argument, expectedDim, "comoment", true);
    const r = new RunningMoments(dim);
    r.count = count;
    r.mean.set(mean);
    r.comoment.set(sums);
    return r;
  }

  private denominator(ddof: number): number {
    return momentDenominator(this.count, ddof);
  }
}
