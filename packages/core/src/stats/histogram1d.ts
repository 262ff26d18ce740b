import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { jsonNumber, jsonNumbers, jsonObject } from "../json-fields.js";

/** Bins of a {@link Histogram1D}: `bins` equal cells on [min, max]. */
export interface Histogram1DOptions {
  /** Lower edge of the first bin. */
  min: number;
  /** Upper edge of the last bin (> min). */
  max: number;
  /** Number of equal bins (a positive integer). */
  bins: number;
}

/** The JSON form of {@link Histogram1D}. */
export interface Histogram1DJSON extends Histogram1DOptions {
  /** The weight in each bin. */
  counts: number[];
  /** All weight added, inside or outside [min, max]. */
  total: number;
  /** The weight outside [min, max] or NaN. */
  outside: number;
}

/**
 * A weighted histogram on `bins` equal cells of [min, max]. Cell i is [min + i·h, min + (i+1)·h)
 * with h = (max − min)/bins; the last cell also holds x = max (numpy's convention). Values outside
 * [min, max] and NaN are counted in `outside` and in `total`, so `density()` integrates to the
 * fraction of the weight that fell inside: Σ density·h = (total − outside)/total.
 * @example
 * const h = new Histogram1D({ min: -4, max: 4, bins: 80 });
 * const rng = createRng(1);
 * for (let i = 0; i < 10000; i++) h.add(rng.normal());
 * h.density(); // ≈ the standard normal density at h.centers()
 */
export class Histogram1D {
  /** Lower edge of the first bin. */
  readonly min: number;
  /** Upper edge of the last bin (> min). */
  readonly max: number;
  /** Number of equal bins (a positive integer). */
  readonly bins: number;
  /** The bin width h = (max − min)/bins. */
  readonly width: number;
  /** The weight in each bin. */
  readonly counts: Float64Array;
  /** All weight added, inside or outside [min, max]. */
  total = 0;
  /** The weight that fell outside [min, max] (or was NaN). */
  outside = 0;

  constructor({ min, max, bins }: Histogram1DOptions) {
    checkAxis(min, max, bins, "min", "max", "bins");
    this.min = min;
    this.max = max;
    this.bins = bins;
    this.width = (max - min) / bins;
    this.counts = new Float64Array(bins);
  }

  /** Adds `x` with weight `weight` (default 1). */
  add(x: number, weight = 1): void {
    this.total += weight;
    const i = binIndex(x, this.min, this.max, this.bins);
    if (i < 0) this.outside += weight;
    else this.counts[i] += weight;
  }

  /** Adds `x[offset .. offset+count)`, each with weight 1. */
  addAll(x: ArrayLike<number>, offset = 0, count = x.length - offset): void {
    for (let k = offset; k < offset + count; k++) this.add(x[k]);
  }

  /** Adds another histogram with the same bins into this one. `other` is unchanged. */
  merge(other: Histogram1D): this {
    if (other.min !== this.min || other.max !== this.max || other.bins !== this.bins)
      throw new ShapeMismatchError("other", "histograms must have identical min, max and bins to merge");
    addCounts(this, other);
    return this;
  }

  /** The bin centres, min + (i + ½)h. */
  centers(): Float64Array {
    return binCenters(this.min, this.width, this.bins);
  }

  /** The bin edges, length bins + 1. */
  edges(): Float64Array {
    const e = new Float64Array(this.bins + 1);
    for (let i = 0; i <= this.bins; i++) e[i] = this.min + i * this.width;
    e[this.bins] = this.max;
    return e;
  }

  /**
   * The density counts/(total·h): a probability density estimate whose integral over [min, max] is
   * the fraction of weight inside. All zeros while nothing has been added.
   */
  density(): Float64Array {
    const d = new Float64Array(this.bins);
    if (this.total === 0) return d;
    const s = 1 / (this.total * this.width);
    for (let i = 0; i < this.bins; i++) d[i] = this.counts[i] * s;
    return d;
  }

  /** A plain-number snapshot; `Histogram1D.fromJSON` restores it exactly (shards merge through it). */
  toJSON(): Histogram1DJSON {
    return {
      min: this.min,
      max: this.max,
      bins: this.bins,
      counts: Array.from(this.counts),
      total: this.total,
      outside: this.outside,
    };
  }

  /**
   * Rebuilds a histogram from {@link Histogram1D.toJSON}'s output (exact), checking every field (a
   * state read from a file): the axis, `bins` finite counts, finite `total` and `outside`, and
   * Σ counts + outside = total. Errors are `InvalidArgumentError`s naming the field under `argument`.
   */
  static fromJSON(json: unknown, argument = "json"): Histogram1D {
    const o = jsonObject(json, argument);
    checkAxis(
      jsonNumber(o.min, `${argument}.min`),
      jsonNumber(o.max, `${argument}.max`),
      jsonNumber(o.bins, `${argument}.bins`, { integer: true, min: 1 }),
      `${argument}.min`,
      `${argument}.max`,
      `${argument}.bins`,
    );
    return restoreCounts(new Histogram1D(o as unknown as Histogram1DOptions), o, argument);
  }
}

/** @internal What a histogram accumulates: the weight per cell, all weight, and the weight outside. */
export interface Counts {
  readonly counts: Float64Array;
  total: number;
  outside: number;
}

/** @internal Adds the weights of `from` into `into` (the same cells). */
export function addCounts(into: Counts, from: Counts): void {
  for (let k = 0; k < into.counts.length; k++) into.counts[k] += from.counts[k];
  into.total += from.total;
  into.outside += from.outside;
}

/** @internal Sets the weights of `h` from the (checked) `counts`, `total` and `outside` of JSON `o`. */
export function restoreCounts<H extends Counts>(h: H, o: Record<string, unknown>, argument: string): H {
  const { counts, total, outside } = checkedCounts(o, argument, h.counts.length);
  h.counts.set(counts);
  h.total = total;
  h.outside = outside;
  return h;
}

/** @internal The centres lo + (i + ½)h of `bins` cells of width h. */
export function binCenters(lo: number, h: number, bins: number): Float64Array {
  const c = new Float64Array(bins);
  for (let i = 0; i < bins; i++) c[i] = lo + (i + 0.5) * h;
  return c;
}

/** @internal Bin of x on [min, max] with `bins` cells, or -1 outside (and for NaN). */
export function binIndex(x: number, min: number, max: number, bins: number): number {
  if (!(x >= min && x <= max)) return -1;
  const i = Math.floor(((x - min) / (max - min)) * bins);
  return i >= bins ? bins - 1 : i;
}

/** @internal */
export function checkAxis(
  min: number,
  max: number,
  bins: number,
  minName: string,
  maxName: string,
  binsName: string,
) {
  if (!Number.isFinite(min)) throw new InvalidArgumentError(minName, `must be finite, got ${min}`);
  if (!(Number.isFinite(max) && max > min))
    throw new InvalidArgumentError(maxName, `must be finite and > ${minName} = ${min}, got ${max}`);
  if (!(Number.isSafeInteger(bins) && bins >= 1))
    throw new InvalidArgumentError(binsName, `must be an integer >= 1, got ${bins}`);
}

/**
 * The `counts`, `total` and `outside` of a histogram's JSON, checked: `n` finite counts, finite
 * totals, and Σ counts + outside = total up to the round-off of summing `n` weights in another
 * order (n·ε relative; exact for the integer counts of unit weights).
 * @example
 * checkedCounts({ counts: [1, 2], total: 4, outside: 1 }, "json", 2); // { counts: [1, 2], total: 4, outside: 1 }
 */
export function checkedCounts(
  o: Record<string, unknown>,
  argument: string,
  n: number,
): { counts: number[]; total: number; outside: number } {
  const counts = jsonNumbers(o.counts, `${argument}.counts`, n);
  const total = jsonNumber(o.total, `${argument}.total`);
  const outside = jsonNumber(o.outside, `${argument}.outside`);
  let inside = 0;
  let size = Math.abs(outside);
  for (const c of counts) {
    inside += c;
    size += Math.abs(c);
  }
  if (Math.abs(inside + outside - total) > (n + 1) * Number.EPSILON * size)
    throw new InvalidArgumentError(
      `${argument}.total`,
      `is ${total}, but the counts (${inside}) and outside (${outside}) add up to ${inside + outside}`,
    );
  return { counts, total, outside };
}
