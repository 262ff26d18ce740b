import * as vega from "vega";
import { contourPolylines, contourSegments, quantileLevels } from "./contour.js";
import type { VegaLiteSpec } from "./experiment.js";
import { formatNumber } from "./format.js";
import { encodePng } from "./png.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A named series of (x, y) points. */
export interface Series {
  /** Legend name of the series. */
  name: string;
  /** x values. */
  x: ArrayLike<number>;
  /** y values, one per x. */
  y: ArrayLike<number>;
  /** A band drawn around the line in its colour, e.g. ± 2 standard errors (lower and upper values at each x). */
  band?: {
    /** Lower edge at each x. */
    lo: ArrayLike<number>;
    /** Upper edge at each x. */
    hi: ArrayLike<number>;
  };
}

/** vega's default categorical colours (tableau10), assigned by name across the panels of a figure. */
const PALETTE = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];

/** Options shared by the chart helpers. */
export interface ChartOptions {
  /** Title above the chart. */
  title?: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Plot width in px. */
  width?: number;
  /** Plot height in px. */
  height?: number;
  /** Logarithmic x axis. */
  logX?: boolean;
  /** Logarithmic y axis. */
  logY?: boolean;
  /** Draw points instead of lines. */
  points?: boolean;
  /** Extra horizontal reference lines (value, label). */
  rules?: {
    /** Height of the line. */
    y: number;
    /** Text beside it. */
    label: string;
  }[];
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Axis properties that give every tick label one format ({@link tickFormat}); a log axis labels the
 * powers of ten only when the data span more than two decades.
 */
function axisFormat(values: number[], log = false): Record<string, unknown> {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(lo <= hi)) return {};
  if (!log) return { format: tickFormat(lo, hi) };
  const plain = lo >= 1e-3 && hi < 1e4;
  const format = plain ? "~g" : ".0e";
  // d3 writes 1e+0; the plus sign is noise on an axis.
  const label = plain ? "datum.label" : "replace(datum.label, '+', '')";
  if (hi / lo <= 100) return { format, labelExpr: label };
  // Only the decades are labelled (minor ticks stay, unlabelled), in one format.
  return {
    format,
    labelExpr: `abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? ${label} : ''`,
  };
}

/** A chart of `layers` with the options' title and size (default `width` × `height` px). */
function layered(o: ChartOptions, layers: VegaLiteSpec[], width: number, height: number): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? width,
    height: o.height ?? height,
    layer: layers,
  };
}

/** A line chart's position channel: a log scale, or a linear one not forced to include 0. */
function lineAxis(field: "x" | "y", title: string, values: number[], log = false) {
  return {
    field,
    type: "quantitative",
    title,
    scale: log ? { type: "log" } : { zero: false },
    axis: axisFormat(values, log),
  };
}

/**
 * A line (or point) chart of several series, coloured by name.
 *
 * @example
 * ```ts
 * const spec = lineChart([{ name: "KL", x: [0, 1, 2], y: [1, 0.5, 0.25] }], { logY: true, yTitle: "KL" });
 * ```
 */
export function lineChart(series: Series[], o: ChartOptions = {}): VegaLiteSpec {
  const values: { series: string; x: number | null; y: number | null }[] = [];
  for (const s of series)
    for (let i = 0; i < s.x.length; i++) {
      const y = o.logY && !(s.y[i] > 0) ? null : finite(s.y[i]);
      const x = o.logX && !(s.x[i] > 0) ? null : finite(s.x[i]);
      if (x !== null && y !== null) values.push({ series: s.name, x, y });
    }
  const xs = values.map((v) => v.x as number);
  const ys = values.map((v) => v.y as number);
  const names = series.map((s) => s.name);
  const colour = {
    field: "series",
    type: "nominal",
    title: null,
    sort: names,
    scale: { domain: names },
    legend: names.length > 1 ? { labelLimit: 360 } : null,
  };
  const bands: { series: string; x: number; lo: number; hi: number }[] = [];
  for (const s of series)
    if (s.band)
      for (let i = 0; i < s.x.length; i++) {
        const lo = s.band.lo[i];
        const hi = s.band.hi[i];
        if (!Number.isFinite(s.x[i]) || !Number.isFinite(lo) || !Number.isFinite(hi)) continue;
        if ((o.logY && !(lo > 0)) || (o.logX && !(s.x[i] > 0))) continue;
        bands.push({ series: s.name, x: s.x[i], lo, hi });
        ys.push(lo, hi);
      }
  const layers: VegaLiteSpec[] = [
    {
      data: { values },
      mark: o.points ? { type: "point", filled: true, size: 30 } : { type: "line", strokeWidth: 1.5 },
      encoding: {
        x: lineAxis("x", o.xTitle ?? "x", xs, o.logX),
        y: lineAxis("y", o.yTitle ?? "y", ys, o.logY),
        // The series keep the order they are given in (legend and colours), not an alphabetical one.
        color: colour,
      },
    },
  ];
  if (bands.length > 0) {
    const [line] = layers;
    const enc = line.encoding as Record<string, Record<string, unknown>>;
    layers.unshift({
      data: { values: bands },
      mark: { type: "area", opacity: 0.2 },
      encoding: {
        x: enc.x,
        y: { ...enc.y, field: "lo" },
        y2: { field: "hi" },
        color: { ...colour, legend: null },
      },
    });
  }
  if (o.rules?.length) {
    layers.push({
      data: { values: o.rules },
      layer: [
        {
          mark: { type: "rule", strokeDash: [4, 4], color: "#555" },
          encoding: { y: { field: "y", type: "quantitative" } },
        },
        {
          mark: { type: "text", align: "right", baseline: "bottom", dy: -2, fontSize: 10, color: "#555" },
          encoding: {
            y: { field: "y", type: "quantitative" },
            x: { value: o.width ?? 320 },
            text: { field: "label" },
          },
        },
      ],
    });
  }
  return layered(o, layers, 320, 220);
}

/** A set of iso-lines drawn over a heatmap. */
export interface ContourOverlay {
  /** Row-major values on the same grid as the heatmap, `z[i * ny + j]`. */
  z: ArrayLike<number>;
  /** Explicit levels, or a count of quantile-spread levels. */
  levels?: number[];
  /** Number of levels at quantiles of `z` when `levels` is not given. */
  count?: number;
  /** Legend name, e.g. "f" or "Φ". */
  name: string;
  /** Line colour (CSS). */
  color?: string;
  /** Dash pattern in px, e.g. `[4, 2]` (solid when absent). */
  dash?: number[];
}

/** Arrows (a vector field) drawn over a heatmap. */
export interface ArrowOverlay {
  /** x of each arrow's tail. */
  x: ArrayLike<number>;
  /** y of each arrow's tail. */
  y: ArrayLike<number>;
  /** x component of each vector. */
  u: ArrayLike<number>;
  /** y component of each vector. */
  v: ArrayLike<number>;
  /** Length of the longest arrow in data units (default: 1.1 of the typical spacing). */
  maxLength?: number;
  /** Arrow length proportional to |v| (default: to √|v|, so weak regions still show direction). */
  linear?: boolean;
  /** Arrow colour (CSS). */
  color?: string;
}

/** Marked points (e.g. fixed points) drawn over a heatmap. */
export interface PointOverlay {
  /** x of the point. */
  x: number;
  /** y of the point. */
  y: number;
  /** Text beside the point. */
  label: string;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends ChartOptions {
  /** Title of the colour legend. */
  colorTitle?: string;
  /** Most cells per axis drawn (the grid is subsampled beyond it); default 64. */
  maxCells?: number;
  /** Contour lines of other fields on the same grid. */
  contours?: ContourOverlay[];
  /** A vector field drawn as arrows. */
  arrows?: ArrowOverlay;
  /** Labelled points. */
  marks?: PointOverlay[];
  /** Polylines (e.g. trajectories): points in order, grouped by name. */
  paths?: Series[];
  /** vega colour scheme (default "viridis"). */
  scheme?: string;
  /** Colour domain [lo, hi]; default the data range. */
  domain?: [number, number];
  /** Colour of the marked points' labels (default white, for dark schemes; use a dark one on light ones). */
  labelColor?: string;
}

/** Most grid points drawn as one embedded image; larger grids fall back to rectangles. */
const MAX_IMAGE_PIXELS = 1 << 20;

/** True when the points are equally spaced (to 1e-6 of a step), so that an image's pixels are the cells. */
function uniform(a: ArrayLike<number>): boolean {
  if (a.length < 2) return false;
  const h = (a[a.length - 1] - a[0]) / (a.length - 1);
  if (!(h > 0)) return false;
  for (let i = 1; i < a.length; i++) if (Math.abs(a[i] - a[i - 1] - h) > 1e-6 * h) return false;
  return true;
}

/** The colour domain of a heatmap: the option, else the finite data's range (never empty). */
function colourDomain(z: ArrayLike<number>, o: HeatmapOptions): [number, number] {
  if (o.domain) return o.domain;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < z.length; k++)
    if (Number.isFinite(z[k])) {
      lo = Math.min(lo, z[k]);
      hi = Math.max(hi, z[k]);
    }
  if (!(lo <= hi)) return [0, 1];
  // A density's smallest value is 0 to the eye (and `0` reads better than `4e-20` on the colour bar).
  if (lo > 0 && lo < 1e-3 * hi) lo = 0;
  if (lo === hi) return [lo - 0.5 * Math.abs(lo || 1), hi + 0.5 * Math.abs(hi || 1)];
  return [lo, hi];
}

/** `"#rrggbb"` or `"rgb(r, g, b)"` (what vega's schemes return) as bytes. */
function rgbOf(css: string): [number, number, number] {
  if (css.startsWith("#")) {
    const n = Number.parseInt(css.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = css.match(/[\d.]+/g) ?? ["0", "0", "0"];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** A heatmap's field with its axes' encodings and domains: what its colour layers are drawn from. */
interface HeatmapField {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  z: ArrayLike<number>;
  o: HeatmapOptions;
  xEnc: object;
  yEnc: object;
  xDomain: number[];
  yDomain: number[];
}

/** The colour channel of a heatmap's values `v` on [lo, hi], with its colour bar. */
function colourEncoding(o: HeatmapOptions, lo: number, hi: number, scale: { clamp?: boolean } = {}) {
  return {
    field: "v",
    type: "quantitative",
    title: o.colorTitle ?? "",
    scale: { scheme: o.scheme ?? "viridis", domain: [lo, hi], nice: false, zero: false, ...scale },
    legend: { format: tickFormat(lo, hi), tickCount: 4 },
  };
}

/**
 * The field as one PNG image (one pixel per grid point, nearest-neighbour scaling, NaN transparent)
 * coloured as vega colours it, plus an invisible two-point layer that carries the colour scale and its
 * legend. One image instead of a rectangle per cell keeps a report of many heatmaps a few MB.
 */
function imageLayers({ xs, ys, z, o, xEnc, yEnc, xDomain, yDomain }: HeatmapField): VegaLiteSpec[] {
  const nx = xs.length;
  const ny = ys.length;
  const [lo, hi] = colourDomain(z, o);
  const interpolate = vega.scheme(o.scheme ?? "viridis") as (t: number) => string;
  // A lookup table of 1024 colours: finer than 8-bit colour channels can resolve along these schemes.
  const LUT = 1024;
  const lut = new Uint8Array(3 * LUT);
  for (let k = 0; k < LUT; k++) lut.set(rgbOf(interpolate(k / (LUT - 1))), 3 * k);
  const rgba = new Uint8Array(4 * nx * ny);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) {
      const v = z[i * ny + j];
      if (!Number.isFinite(v)) continue;
      const t = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
      const c = Math.round(t * (LUT - 1));
      const p = 4 * ((ny - 1 - j) * nx + i); // image rows run from the top (largest y) down
      rgba[p] = lut[3 * c];
      rgba[p + 1] = lut[3 * c + 1];
      rgba[p + 2] = lut[3 * c + 2];
      rgba[p + 3] = 255;
    }
  const url = `data:image/png;base64,${encodePng(nx, ny, rgba).toString("base64")}`;
  return [
    {
      data: { values: [{ x: xDomain[0], x2: xDomain[1], y: yDomain[0], y2: yDomain[1], url }] },
      mark: { type: "image", aspect: false, smooth: false },
      encoding: { x: xEnc, x2: { field: "x2" }, y: yEnc, y2: { field: "y2" }, url: { field: "url" } },
    },
    {
      data: {
        values: [
          { x: xDomain[0], y: yDomain[0], v: lo },
          { x: xDomain[0], y: yDomain[0], v: hi },
        ],
      },
      mark: { type: "point", opacity: 0 },
      encoding: {
        x: xEnc,
        y: yEnc,
        color: colourEncoding(o, lo, hi),
      },
    },
  ];
}

/** The rectangles of a heatmap on a non-uniform grid: one per cell, averaged over `maxCells` per axis. */
function rectLayer({ xs, ys, z, o, xEnc, yEnc }: HeatmapField): VegaLiteSpec {
  const nx = xs.length;
  const ny = ys.length;
  const max = o.maxCells ?? 64;
  const sx = Math.max(1, Math.ceil(nx / max));
  const sy = Math.max(1, Math.ceil(ny / max));
  const cells: { x: number; x2: number; y: number; y2: number; v: number | null }[] = [];
  for (let i = 0; i < nx; i += sx) {
    const i2 = Math.min(nx - 1, i + sx - 1);
    const xa = i === 0 ? xs[0] - (xs[1] - xs[0]) / 2 : (xs[i] + xs[i - 1]) / 2;
    const xb = i2 === nx - 1 ? xs[nx - 1] + (xs[nx - 1] - xs[nx - 2]) / 2 : (xs[i2] + xs[i2 + 1]) / 2;
    for (let j = 0; j < ny; j += sy) {
      const j2 = Math.min(ny - 1, j + sy - 1);
      const ya = j === 0 ? ys[0] - (ys[1] - ys[0]) / 2 : (ys[j] + ys[j - 1]) / 2;
      const yb = j2 === ny - 1 ? ys[ny - 1] + (ys[ny - 1] - ys[ny - 2]) / 2 : (ys[j2] + ys[j2 + 1]) / 2;
      let s = 0;
      let n = 0;
      for (let a = i; a <= i2; a++)
        for (let b = j; b <= j2; b++) {
          const v = z[a * ny + b];
          if (Number.isFinite(v)) {
            s += v;
            n++;
          }
        }
      // Overlap neighbours by 2% of a cell so anti-aliasing leaves no seams between rectangles.
      const ox = 0.02 * (xb - xa);
      const oy = 0.02 * (yb - ya);
      cells.push({ x: xa - ox, x2: xb + ox, y: ya - oy, y2: yb + oy, v: n ? s / n : null });
    }
  }
  const [lo, hi] = colourDomain(z, o);
  return {
    data: { values: cells },
    mark: { type: "rect", strokeWidth: 0 },
    encoding: {
      x: xEnc,
      x2: { field: "x2" },
      y: yEnc,
      y2: { field: "y2" },
      color: colourEncoding(o, lo, hi, { clamp: true }),
    },
  };
}

/**
 * A d3 format for ticks between `lo` and `hi` that reads the same on every tick: plain decimals when
 * the values are between 10⁻³ and 10⁴ in size and the steps are not far below the values' size, else
 * exponent form for all of them (never `0.000001` beside `1e-8`, never a lone `0.000000`).
 */
export function tickFormat(lo: number, hi: number): string {
  const big = Math.max(Math.abs(lo), Math.abs(hi));
  const span = Math.abs(hi - lo);
  if (big === 0) return "~g";
  if (big >= 1e-3 && big < 1e4 && span >= 1e-3 * big && span >= 1e-3) return "~r";
  return ".2~e";
}

/**
 * A heatmap of a field on a tensor grid with optional contour lines, arrows, marked points and paths.
 * Values are row-major `z[i * ny + j]` at (xs[i], ys[j]).
 *
 * @example
 * ```ts
 * const xs = [0, 1, 2], ys = [0, 1];
 * const spec = heatmap(xs, ys, [0, 1, 1, 2, 2, 3], { colorTitle: "ρ", contours: [{ z: [0, 1, 1, 2, 2, 3], count: 2, name: "f" }] });
 * ```
 */
export function heatmap(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  z: ArrayLike<number>,
  o: HeatmapOptions = {},
): VegaLiteSpec {
  const nx = xs.length;
  const ny = ys.length;
  const xDomain = [xs[0] - (xs[1] - xs[0]) / 2, xs[nx - 1] + (xs[nx - 1] - xs[nx - 2]) / 2];
  const yDomain = [ys[0] - (ys[1] - ys[0]) / 2, ys[ny - 1] + (ys[ny - 1] - ys[ny - 2]) / 2];
  const xEnc = {
    field: "x",
    type: "quantitative",
    title: o.xTitle ?? "x₁",
    scale: { domain: xDomain, nice: false },
  };
  const yEnc = {
    field: "y",
    type: "quantitative",
    title: o.yTitle ?? "x₂",
    scale: { domain: yDomain, nice: false },
  };
  const field = { xs, ys, z, o, xEnc, yEnc, xDomain, yDomain };
  const layers: VegaLiteSpec[] =
    uniform(xs) && uniform(ys) && nx * ny <= MAX_IMAGE_PIXELS ? imageLayers(field) : [rectLayer(field)];
  // One layer per contour set, with a constant colour and dash (the title or caption names them).
  (o.contours ?? []).forEach((c, k) => {
    const levels = c.levels ?? quantileLevels(c.z, c.count ?? 6);
    const lines = contourPolylines(contourSegments(xs, ys, c.z, levels));
    if (!lines.length) return;
    // One path per connected iso-line (a few hundred bytes) instead of one SVG line per grid cell.
    const values: { x: number; y: number; line: number; k: number }[] = [];
    lines.forEach((pts, line) => {
      for (let q = 0; q < pts.length; q += 2) values.push({ x: pts[q], y: pts[q + 1], line, k: q / 2 });
    });
    layers.push({
      data: { values },
      mark: {
        type: "line",
        strokeWidth: 1.6,
        color: c.color ?? (k === 0 ? "white" : "#ff5c5c"),
        strokeDash: c.dash ?? (k === 0 ? [1, 0] : [4, 3]),
      },
      encoding: {
        x: xEnc,
        y: yEnc,
        detail: { field: "line", type: "nominal" },
        order: { field: "k", type: "quantitative" },
      },
    });
  });
  if (o.arrows) {
    const a = o.arrows;
    let longest = 0;
    for (let k = 0; k < a.x.length; k++) longest = Math.max(longest, Math.hypot(a.u[k], a.v[k]));
    const spacing = Math.sqrt(
      ((xDomain[1] - xDomain[0]) * (yDomain[1] - yDomain[0])) / Math.max(1, a.x.length),
    );
    // Length ∝ √|v| by default (directions stay visible where the field is weak), or ∝ |v|.
    const power = a.linear ? 1 : 0.5;
    const scale = longest > 0 ? (a.maxLength ?? 1.1 * spacing) / longest ** power : 0;
    const arrows: { x: number; y: number; x2: number; y2: number; angle: number }[] = [];
    for (let k = 0; k < a.x.length; k++) {
      const mag = Math.hypot(a.u[k], a.v[k]);
      const f = mag > 0 ? (scale * mag ** power) / mag : 0;
      const dx = a.u[k] * f;
      const dy = a.v[k] * f;
      if (!Number.isFinite(dx + dy)) continue;
      // vega's angle is clockwise from up in screen space; y points up in data space.
      const angle = 90 - (Math.atan2(dy, dx) * 180) / Math.PI;
      arrows.push({ x: a.x[k], y: a.y[k], x2: a.x[k] + dx, y2: a.y[k] + dy, angle });
    }
    const color = a.color ?? "#f5f5f5";
    layers.push({
      data: { values: arrows },
      layer: [
        {
          mark: { type: "rule", color, strokeWidth: 1 },
          encoding: { x: xEnc, y: yEnc, x2: { field: "x2" }, y2: { field: "y2" } },
        },
        {
          mark: { type: "point", shape: "triangle-up", filled: true, color, size: 14, opacity: 1 },
          encoding: {
            x: { ...xEnc, field: "x2" },
            y: { ...yEnc, field: "y2" },
            angle: { field: "angle", type: "quantitative", scale: null },
          },
        },
      ],
    });
  }
  // Trajectories keep a point only where it moved by a thousandth of the plot (no visible change).
  const step = Math.hypot(xDomain[1] - xDomain[0], yDomain[1] - yDomain[0]) / 1000;
  for (const p of o.paths ?? []) {
    const values: { x: number; y: number; k: number; name: string }[] = [];
    for (let k = 0; k < p.x.length; k++) {
      const last = values[values.length - 1];
      if (k === p.x.length - 1 || !last || Math.hypot(p.x[k] - last.x, p.y[k] - last.y) >= step)
        values.push({ x: p.x[k], y: p.y[k], k, name: p.name });
    }
    layers.push({
      data: { values },
      mark: { type: "line", color: "#ff9f1c", strokeWidth: 1.2, clip: true },
      encoding: { x: xEnc, y: yEnc, order: { field: "k", type: "quantitative" } },
    });
  }
  if (o.marks?.length) {
    // Labels alternate above and below their points, so neighbouring fixed points do not overprint.
    const marks = o.marks.map((m, k) => ({ ...m, above: k % 2 === 0 }));
    const text = (above: boolean) => ({
      transform: [{ filter: `datum.above === ${above}` }],
      mark: {
        type: "text",
        dx: 6,
        dy: above ? -9 : 12,
        color: o.labelColor ?? "white",
        fontSize: 11,
        fontWeight: "bold",
        align: "left",
      },
      encoding: { x: xEnc, y: yEnc, text: { field: "label" } },
    });
    layers.push({
      data: { values: marks },
      layer: [
        {
          mark: { type: "point", shape: "cross", color: "red", size: 80, filled: true },
          encoding: { x: xEnc, y: yEnc },
        },
        text(true),
        text(false),
      ],
    });
  }
  return layered(o, layers, 260, 260);
}

/** The page column the report gives figures (px); panels wrap to stay within it. */
export const COLUMN_WIDTH = 1180;

/** Rough rendered width of a chart: plot, axis and a legend on its right. */
function estimateWidth(spec: VegaLiteSpec): number {
  const plot = typeof spec.width === "number" ? spec.width : 300;
  let legend = 0;
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    const enc = n.encoding as Record<string, Record<string, unknown>> | undefined;
    const colour = enc?.color;
    if (colour && colour.legend !== null) {
      if (colour.type === "quantitative") legend = Math.max(legend, 60);
      else {
        const domain = ((colour.scale as Record<string, unknown> | undefined)?.domain as string[]) ?? [];
        const longest = Math.max(8, ...domain.map((d) => String(d).length));
        legend = Math.max(legend, Math.min(380, 30 + 6.2 * longest));
      }
    }
    for (const child of (n.layer as unknown[]) ?? []) visit(child);
  };
  visit(spec);
  return plot + 45 + legend + 16;
}

/**
 * Panels in rows (each with its own scales), at most `columns` to a row and fewer when a row would be
 * wider than the report's column ({@link COLUMN_WIDTH}), so figures never need scrolling sideways.
 *
 * @example
 * ```ts
 * const spec = panels([lineChart([{ name: "a", x: [0, 1], y: [0, 1] }]), lineChart([{ name: "b", x: [0, 1], y: [1, 0] }])]);
 * ```
 */
export function panels(specs: VegaLiteSpec[], title?: string, columns = 3): VegaLiteSpec {
  const inner = specs.map(({ $schema: _s, ...rest }) => rest);
  colourByName(inner);
  const widths = inner.map(estimateWidth);
  let fit = Math.max(1, Math.min(columns, inner.length));
  const rowWidth = (k: number) => {
    let widest = 0;
    for (let r = 0; r < inner.length; r += k)
      widest = Math.max(
        widest,
        widths.slice(r, r + k).reduce((a, b) => a + b, 0),
      );
    return widest;
  };
  while (fit > 1 && rowWidth(fit) > COLUMN_WIDTH) fit--;
  return {
    $schema: SCHEMA,
    title,
    columns: fit,
    concat: inner,
    spacing: 16,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  };
}

/**
 * Gives a name the same colour in every panel (a nominal colour scale with an explicit domain gets an
 * explicit range, from one palette indexed by the names' first appearance across the panels), so that
 * "control" is not blue in one panel and red in the next.
 */
function colourByName(specs: VegaLiteSpec[]): void {
  const scales: { domain: string[]; range?: string[] }[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    const colour = (n.encoding as Record<string, Record<string, unknown>> | undefined)?.color;
    const scale = colour?.scale as { domain?: unknown; range?: unknown } | undefined;
    if (colour?.type === "nominal" && Array.isArray(scale?.domain) && scale.range === undefined)
      scales.push(scale as { domain: string[] });
    for (const child of (n.layer as unknown[]) ?? []) visit(child);
  };
  for (const spec of specs) visit(spec);
  const order = [...new Set(scales.flatMap((sc) => sc.domain))];
  // Only when the panels draw from one set of names (the largest panel's); panels with names of their
  // own keep vega's colours by position, which then mean the same thing in every panel.
  const largest = Math.max(0, ...scales.map((sc) => new Set(sc.domain).size));
  if (order.length === 0 || order.length > PALETTE.length || order.length > largest) return;
  for (const sc of scales) sc.range = sc.domain.map((name) => PALETTE[order.indexOf(name)]);
}

/** Splits a label into lines of at most `chars` characters at spaces (a long word stays whole). */
function wrapLabel(label: string, chars: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(" ")) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** Print each bar's value above it (what a log axis cannot show: its sign and its digits). */
  values?: boolean;
}

/**
 * A bar chart of labelled values (e.g. eigenvalues, verdict magnitudes). Labels stay horizontal and
 * wrap onto several lines; groups (side by side within a label) get a legend in the order given.
 *
 * @example
 * ```ts
 * const spec = barChart([{ label: "a", value: 1 }, { label: "b", value: 2 }], { yTitle: "value" });
 * ```
 */
export function barChart(
  bars: { label: string; value: number; group?: string }[],
  o: BarChartOptions = {},
): VegaLiteSpec {
  const width = o.width ?? 320;
  const labels = [...new Set(bars.map((b) => b.label))];
  const groups = [...new Set(bars.map((b) => b.group ?? ""))];
  const grouped = groups.some((g) => g !== "");
  const chars = Math.max(6, Math.floor(width / labels.length / 6.2));
  const values = bars.map((b) => ({
    ...b,
    label: wrapLabel(b.label, chars),
    value: finite(b.value),
    group: b.group ?? "",
    text: Number.isFinite(b.value) ? formatNumber(b.value, 3) : "",
  }));
  const x = {
    field: "label",
    type: "nominal",
    title: o.xTitle ?? "",
    sort: null,
    axis: { labelAngle: 0, labelLimit: 0, labelExpr: "split(datum.label, '\\n')", labelPadding: 4 },
  };
  const y = {
    field: "value",
    type: "quantitative",
    title: o.yTitle ?? "",
    scale: o.logY ? { type: "log" } : {},
    axis: axisFormat(
      bars.map((b) => b.value).filter((v) => !o.logY || v > 0),
      o.logY,
    ),
  };
  const colour = grouped
    ? {
        field: "group",
        type: "nominal",
        title: null,
        sort: groups,
        scale: { domain: groups },
        legend: { labelLimit: 300 },
      }
    : { value: "#4c78a8" };
  const offset = grouped ? { xOffset: { field: "group", sort: groups } } : {};
  const layer: VegaLiteSpec[] = [{ mark: "bar", encoding: { x, y, color: colour, ...offset } }];
  if (o.values)
    layer.push({
      mark: { type: "text", dy: -5, fontSize: 9, color: "#222" },
      encoding: { x, y, text: { field: "text" }, ...offset },
    });
  return {
    $schema: SCHEMA,
    title: o.title,
    width,
    height: o.height ?? 200,
    data: { values },
    layer,
  };
}
