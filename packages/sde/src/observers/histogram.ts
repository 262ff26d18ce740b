import {
  Histogram1D,
  type Histogram1DOptions,
  Histogram2D,
  type Histogram2DOptions,
  InvalidArgumentError,
  ShapeMismatchError,
} from "@langevin/core/base";
import type { BoundObserver, Observer, ObserverContext } from "./types.js";

/** A histogram read from JSON must have the observer's own axes (else it cannot merge). */
function sameAxes<H extends object>(h: H, axes: Record<string, number>, argument: string): H {
  for (const [key, want] of Object.entries(axes)) {
    const got = (h as Record<string, unknown>)[key];
    if (got !== want)
      throw new ShapeMismatchError(`${argument}.${key}`, `is ${got}, the observer has ${want}`);
  }
  return h;
}

/** Result of {@link histogram1d}. */
export interface Histogram1DResult {
  /** The bins+1 bin edges, from min to max. */
  edges: Float64Array;
  /** The bin centres. */
  centers: Float64Array;
  /** Samples per bin (integers: exact whatever the merge order). */
  counts: Float64Array;
  /** All samples, including those outside [min, max). */
  total: number;
  /** Samples outside [min, max) or NaN. */
  outside: number;
  /** counts / (total · bin width): integrates to the fraction of samples inside the range. */
  density: Float64Array;
}

/** Result of {@link histogram2d}; `counts` and `density` are row-major `[ix * ybins + iy]`. */
export interface Histogram2DResult {
  /** Bin centres along x. */
  xcenters: Float64Array;
  /** Bin centres along y. */
  ycenters: Float64Array;
  /** Samples per cell (integers: exact whatever the merge order). */
  counts: Float64Array;
  /** All samples, including those outside the rectangle. */
  total: number;
  /** Samples outside the rectangle or NaN. */
  outside: number;
  /** counts / (total · cell area): integrates to the fraction of samples inside. */
  density: Float64Array;
}

/** Where a histogram samples: at t1 only (no `burnIn`) or at every step with t ≥ burnIn. */
export interface HistogramTiming {
  /** When given, every step with t ≥ burnIn is counted (a time average over [burnIn, t1]). */
  burnIn?: number;
}

type Value = (x: Float64Array, offset: number) => number;

function checkRange(min: number, max: number, bins: number, name: string): void {
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min))
    throw new InvalidArgumentError(name, `needs finite min < max, got [${min}, ${max}]`);
  if (!(Number.isSafeInteger(bins) && bins >= 1))
    throw new InvalidArgumentError(name, `bins must be an integer >= 1, got ${bins}`);
}

function firstStep(ctx: ObserverContext, burnIn: number | undefined): number {
  if (burnIn === undefined) return ctx.steps;
  if (!(burnIn >= ctx.t0 && burnIn <= ctx.t1))
    throw new InvalidArgumentError("burnIn", `must lie in [t0, t1] = [${ctx.t0}, ${ctx.t1}], got ${burnIn}`);
  return Math.ceil((burnIn - ctx.t0) / ctx.dt - 1e-9);
}

function component(i: number, dim: number, argument: string): Value {
  if (!(Number.isSafeInteger(i) && i >= 0 && i < dim))
    throw new InvalidArgumentError(argument, `component must be an integer in [0, ${dim}), got ${i}`);
  return (x, o) => x[o + i];
}

/**
 * What both histograms do once bound: a fresh histogram on `axes` per block, filled with the paths'
 * samples at t1 or at every step from `burnIn` (absorbed paths not counted after absorption in the
 * time-averaged form), merged, and written to and read from JSON (checked against `axes`).
 */
function histogramHooks<H extends { merge(other: H): H; toJSON(): unknown }, R>(
  ctx: ObserverContext,
  burnIn: number | undefined,
  axes: Record<string, number>,
  histogram: { create: () => H; fromJSON: (json: unknown, argument: string) => H },
  sample: (h: H, x: Float64Array, offset: number) => void,
  result: (h: H) => R,
): BoundObserver<H, R> {
  const d = ctx.dim;
  const from = firstStep(ctx, burnIn);
  const add = (h: H, x: Float64Array, n: number, alive: Uint8Array, all: boolean) => {
    for (let p = 0; p < n; p++) if (all || alive[p] !== 0) sample(h, x, p * d);
  };
  return {
    create: histogram.create,
    begin: (h, _t, x, n, _f, alive) => {
      if (from === 0) add(h, x, n, alive, false);
    },
    step: (h, k, _t, x, _xp, n, _f, alive) => {
      if (k >= from && k > 0) add(h, x, n, alive, k === ctx.steps && burnIn === undefined);
    },
    merge: (a, b) => a.merge(b),
    toJSON: (h) => h.toJSON(),
    fromJSON: (j, argument = "json") => sameAxes(histogram.fromJSON(j, argument), axes, argument),
    finalize: (b) => result(b ?? histogram.create()),
  };
}

/**
 * Histogram of one component (or of `value(x)`) over paths, at t1 or time-averaged over
 * [burnIn, t1] (every step counted). Counts are integers, so merging is exact. Absorbed paths are not
 * counted after absorption in the time-averaged form. Binning and merging are `@langevin/core`'s
 * {@link Histogram1D} (cells [min + ih, min + (i+1)h), x = max in the last cell).
 * @example
 * const h = histogram1d({ min: -3, max: 3, bins: 60, component: 0, burnIn: 10 });
 */
export function histogram1d(
  options: Histogram1DOptions & {
    component?: number;
    value?: (x: Float64Array) => number;
  } & HistogramTiming,
): Observer<Histogram1DResult> {
  const { min, max, bins } = options;
  checkRange(min, max, bins, "histogram1d");
  return {
    kind: "histogram1d",
    spec: options.value ? undefined : { kind: "histogram1d", options: { ...options } },
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      let value: Value;
      if (options.value) {
        const fn = options.value;
        const xs = new Float64Array(d);
        value = (x, o) => {
          for (let i = 0; i < d; i++) xs[i] = x[o + i];
          return fn(xs);
        };
      } else value = component(options.component ?? 0, d, "histogram1d.component");
      return histogramHooks(
        ctx,
        options.burnIn,
        { min, max, bins },
        { create: () => new Histogram1D({ min, max, bins }), fromJSON: (j, a) => Histogram1D.fromJSON(j, a) },
        (h, x, o) => h.add(value(x, o)),
        (h): Histogram1DResult => {
          const { total, outside } = h;
          const counts = h.counts.slice();
          return { edges: h.edges(), centers: h.centers(), counts, total, outside, density: h.density() };
        },
      );
    },
  } as Observer<Histogram1DResult>;
}

/**
 * 2-D histogram of two components (default 0 and 1) over paths, at t1 or time-averaged over
 * [burnIn, t1]; counts row-major `[ix * ybins + iy]`, to compare with a Fokker–Planck density.
 * Binning and merging are `@langevin/core`'s {@link Histogram2D}.
 * @example
 * const h = histogram2d({ xmin: -2, xmax: 2, xbins: 40, ymin: -2, ymax: 2, ybins: 40, burnIn: 5 });
 */
export function histogram2d(
  options: Histogram2DOptions & { components?: [number, number] } & HistogramTiming,
): Observer<Histogram2DResult> {
  const { xmin, xmax, xbins, ymin, ymax, ybins } = options;
  checkRange(xmin, xmax, xbins, "histogram2d (x)");
  checkRange(ymin, ymax, ybins, "histogram2d (y)");
  return {
    kind: "histogram2d",
    spec: { kind: "histogram2d", options: { ...options } },
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      const [ci, cj] = options.components ?? [0, 1];
      component(ci, d, "histogram2d.components");
      component(cj, d, "histogram2d.components");
      const axes = { xmin, xmax, xbins, ymin, ymax, ybins };
      return histogramHooks(
        ctx,
        options.burnIn,
        axes,
        { create: () => new Histogram2D(axes), fromJSON: (j, a) => Histogram2D.fromJSON(j, a) },
        (h, x, o) => h.add(x[o + ci], x[o + cj]),
        (h): Histogram2DResult => ({
          xcenters: h.xcenters(),
          ycenters: h.ycenters(),
          counts: h.counts.slice(),
          total: h.total,
          outside: h.outside,
          density: h.density(),
        }),
      );
    },
  } as Observer<Histogram2DResult>;
}
