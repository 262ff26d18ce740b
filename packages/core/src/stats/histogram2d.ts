import { ShapeMismatchError } from "../errors.js";
import { jsonNumber, jsonObject } from "../json-fields.js";
import { addCounts, binCenters, binIndex, checkAxis, restoreCounts } from "./histogram1d.js";

/** Bins of a {@link Histogram2D}: xbins × ybins equal cells on [xmin, xmax] × [ymin, ymax]. */
export interface Histogram2DOptions {
  /** Lower edge of the first bin along x. */
  xmin: number;
  /** Upper edge of the last bin along x. */
  xmax: number;
  /** Number of equal bins along x. */
  xbins: number;
  /** Lower edge of the first bin along y. */
  ymin: number;
  /** Upper edge of the last bin along y. */
  ymax: number;
  /** Number of equal bins along y. */
  ybins: number;
}

/** The JSON form of {@link Histogram2D}. */
export interface Histogram2DJSON extends Histogram2DOptions {
  /** Weight per cell, row-major `[ix * ybins + iy]`. */
  counts: number[];
  /** All weight added, inside or outside the rectangle. */
  total: number;
  /** The weight outside the rectangle or NaN. */
  outside: number;
}

/**
 * A weighted 2-D histogram on equal cells, counts row-major `counts[ix * ybins + iy]`. Cells follow
 * {@link Histogram1D}'s convention on each axis (half-open, the upper edge in the last cell). Points
 * outside the rectangle count in `outside` and `total`, so Σ density·hx·hy = fraction inside.
 * @example
 * const h = new Histogram2D({ xmin: -3, xmax: 3, xbins: 30, ymin: -3, ymax: 3, ybins: 30 });
 * h.add(0.1, -0.25);
 * h.density()[15 * 30 + 13]; // 1 / (0.2 * 0.2) = 25
 */
export class Histogram2D {
  /** Lower edge of the first bin along x. */
  readonly xmin: number;
  /** Upper edge of the last bin along x. */
  readonly xmax: number;
  /** Number of equal bins along x. */
  readonly xbins: number;
  /** Lower edge of the first bin along y. */
  readonly ymin: number;
  /** Upper edge of the last bin along y. */
  readonly ymax: number;
  /** Number of equal bins along y. */
  readonly ybins: number;
  /** Bin width along x, (xmax − xmin)/xbins. */
  readonly xwidth: number;
  /** Bin width along y, (ymax − ymin)/ybins. */
  readonly ywidth: number;
  /** Weight per cell, row-major `[ix * ybins + iy]`. */
  readonly counts: Float64Array;
  /** All weight added, inside or outside the rectangle. */
  total = 0;
  /** The weight that fell outside the rectangle (or was NaN). */
  outside = 0;

  constructor({ xmin, xmax, xbins, ymin, ymax, ybins }: Histogram2DOptions) {
    checkAxis(xmin, xmax, xbins, "xmin", "xmax", "xbins");
    checkAxis(ymin, ymax, ybins, "ymin", "ymax", "ybins");
    this.xmin = xmin;
    this.xmax = xmax;
    this.xbins = xbins;
    this.ymin = ymin;
    this.ymax = ymax;
    this.ybins = ybins;
    this.xwidth = (xmax - xmin) / xbins;
    this.ywidth = (ymax - ymin) / ybins;
    this.counts = new Float64Array(xbins * ybins);
  }

  /** Adds the point (x, y) with weight `weight` (default 1). */
  add(x: number, y: number, weight = 1): void {
    this.total += weight;
    const ix = binIndex(x, this.xmin, this.xmax, this.xbins);
    const iy = binIndex(y, this.ymin, this.ymax, this.ybins);
    if (ix < 0 || iy < 0) this.outside += weight;
    else this.counts[ix * this.ybins + iy] += weight;
  }

  /** Adds another histogram with identical bins. `other` is unchanged. */
  merge(other: Histogram2D): this {
    if (
      other.xmin !== this.xmin ||
      other.xmax !== this.xmax ||
      other.xbins !== this.xbins ||
      other.ymin !== this.ymin ||
      other.ymax !== this.ymax ||
      other.ybins !== this.ybins
    )
      throw new ShapeMismatchError("other", "histograms must have identical ranges and bins to merge");
    addCounts(this, other);
    return this;
  }

  /** Cell centres along x, length xbins. */
  xcenters(): Float64Array {
    return binCenters(this.xmin, this.xwidth, this.xbins);
  }

  /** Cell centres along y, length ybins. */
  ycenters(): Float64Array {
    return binCenters(this.ymin, this.ywidth, this.ybins);
  }

  /** The density counts/(total·hx·hy), row-major like `counts`. */
  density(): Float64Array {
    const d = new Float64Array(this.counts.length);
    if (this.total === 0) return d;
    const s = 1 / (this.total * this.xwidth * this.ywidth);
    for (let k = 0; k < d.length; k++) d[k] = this.counts[k] * s;
    return d;
  }

  /** A plain-number snapshot; `Histogram2D.fromJSON` restores it exactly. */
  toJSON(): Histogram2DJSON {
    return {
      xmin: this.xmin,
      xmax: this.xmax,
      xbins: this.xbins,
      ymin: this.ymin,
      ymax: this.ymax,
      ybins: this.ybins,
      counts: Array.from(this.counts),
      total: this.total,
      outside: this.outside,
    };
  }

  /**
   * Rebuilds a histogram from {@link Histogram2D.toJSON}'s output (exact), checking every field as
   * {@link Histogram1D.fromJSON} does. Errors name the field under `argument`.
   */
  static fromJSON(json: unknown, argument = "json"): Histogram2D {
    const o = jsonObject(json, argument);
    for (const axis of ["x", "y"]) {
      checkAxis(
        jsonNumber(o[`${axis}min`], `${argument}.${axis}min`),
        jsonNumber(o[`${axis}max`], `${argument}.${axis}max`),
        jsonNumber(o[`${axis}bins`], `${argument}.${axis}bins`, { integer: true, min: 1 }),
        `${argument}.${axis}min`,
        `${argument}.${axis}max`,
        `${argument}.${axis}bins`,
      );
    }
    return restoreCounts(new Histogram2D(o as unknown as Histogram2DOptions), o, argument);
  }
}
