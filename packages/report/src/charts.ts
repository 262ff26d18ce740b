import { contourSegments, quantileLevels } from "./contour.js";
import type { VegaLiteSpec } from "./experiment.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A named series of (x, y) points. */
export interface Series {
  /** Legend name of the series. */
  name: string;
  /** x values. */
  x: ArrayLike<number>;
  /** y values, one per x. */
  y: ArrayLike<number>;
}

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
  const layers: VegaLiteSpec[] = [
    {
      data: { values },
      mark: o.points ? { type: "point", filled: true, size: 30 } : { type: "line", strokeWidth: 1.5 },
      encoding: {
        x: {
          field: "x",
          type: "quantitative",
          title: o.xTitle ?? "x",
          scale: o.logX ? { type: "log" } : { zero: false },
        },
        y: {
          field: "y",
          type: "quantitative",
          title: o.yTitle ?? "y",
          scale: o.logY ? { type: "log" } : { zero: false },
        },
        color: { field: "series", type: "nominal", title: null, legend: { labelLimit: 360 } },
      },
    },
  ];
  if (o.rules?.length) {
    layers.push({
      data: { values: o.rules },
      mark: { type: "rule", strokeDash: [4, 4], color: "#555" },
      encoding: { y: { field: "y", type: "quantitative" } },
    });
  }
  return {
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 320,
    height: o.height ?? 220,
    layer: layers,
  };
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
  const layers: VegaLiteSpec[] = [
    {
      data: { values: cells },
      mark: { type: "rect", strokeWidth: 0 },
      encoding: {
        x: xEnc,
        x2: { field: "x2" },
        y: yEnc,
        y2: { field: "y2" },
        color: {
          field: "v",
          type: "quantitative",
          title: o.colorTitle ?? "",
          scale: { scheme: o.scheme ?? "viridis", ...(o.domain ? { domain: o.domain, clamp: true } : {}) },
        },
      },
    },
  ];
  // One layer per contour set, with a constant colour and dash (the title or caption names them).
  (o.contours ?? []).forEach((c, k) => {
    const levels = c.levels ?? quantileLevels(c.z, c.count ?? 6);
    const segs = contourSegments(xs, ys, c.z, levels).map((q) => ({ x: q.x, y: q.y, x2: q.x2, y2: q.y2 }));
    if (!segs.length) return;
    layers.push({
      data: { values: segs },
      mark: {
        type: "rule",
        strokeWidth: 1.6,
        color: c.color ?? (k === 0 ? "white" : "#ff5c5c"),
        strokeDash: c.dash ?? (k === 0 ? [1, 0] : [4, 3]),
      },
      encoding: { x: xEnc, y: yEnc, x2: { field: "x2" }, y2: { field: "y2" } },
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
  for (const p of o.paths ?? []) {
    const values = Array.from({ length: p.x.length }, (_, k) => ({ x: p.x[k], y: p.y[k], k, name: p.name }));
    layers.push({
      data: { values },
      mark: { type: "line", color: "#ff9f1c", strokeWidth: 1.2, clip: true },
      encoding: { x: xEnc, y: yEnc, order: { field: "k", type: "quantitative" } },
    });
  }
  if (o.marks?.length) {
    layers.push({
      data: { values: o.marks },
      layer: [
        {
          mark: { type: "point", shape: "cross", color: "red", size: 80, filled: true },
          encoding: { x: xEnc, y: yEnc },
        },
        {
          mark: { type: "text", dx: 8, dy: -8, color: "white", fontSize: 10, align: "left" },
          encoding: { x: xEnc, y: yEnc, text: { field: "label" } },
        },
      ],
    });
  }
  return {
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 260,
    height: o.height ?? 260,
    layer: layers,
  };
}

/**
 * Panels side by side (each with its own scales).
 *
 * @example
 * ```ts
 * const spec = panels([lineChart([{ name: "a", x: [0, 1], y: [0, 1] }]), lineChart([{ name: "b", x: [0, 1], y: [1, 0] }])]);
 * ```
 */
export function panels(specs: VegaLiteSpec[], title?: string, columns = 3): VegaLiteSpec {
  const inner = specs.map(({ $schema: _s, ...rest }) => rest);
  return {
    $schema: SCHEMA,
    title,
    columns,
    concat: inner,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  };
}

/**
 * A bar chart of labelled values (e.g. eigenvalues, verdict magnitudes).
 *
 * @example
 * ```ts
 * const spec = barChart([{ label: "a", value: 1 }, { label: "b", value: 2 }], { yTitle: "value" });
 * ```
 */
export function barChart(
  bars: { label: string; value: number; group?: string }[],
  o: ChartOptions = {},
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 320,
    height: o.height ?? 200,
    data: { values: bars.map((b) => ({ ...b, value: finite(b.value), group: b.group ?? "" })) },
    mark: "bar",
    encoding: {
      x: { field: "label", type: "nominal", title: o.xTitle ?? "", sort: null },
      y: {
        field: "value",
        type: "quantitative",
        title: o.yTitle ?? "",
        scale: o.logY ? { type: "log" } : {},
      },
      color: { field: "group", type: "nominal", title: null, legend: { labelLimit: 300 } },
      ...(bars.some((b) => b.group) ? { xOffset: { field: "group" } } : {}),
    },
  };
}
