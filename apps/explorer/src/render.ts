import { type ColormapName, colormap, colormapLut } from "./colormap.js";
import { contourLevels, contourPixels } from "./contour-lines.js";
import { ARROWS } from "./protocol.js";

/** Font used for every label on the canvases. */
export const FONT = "13px system-ui, -apple-system, 'Segoe UI', sans-serif";
const SMALL = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";

/**
 * Resizes a canvas to its CSS size × devicePixelRatio, clears it and returns a context in CSS pixels.
 * @example
 * const { ctx, w, h } = prepareCanvas(document.querySelector("canvas")!);
 */
export function prepareCanvas(canvas: HTMLCanvasElement): {
  ctx: CanvasRenderingContext2D;
  w: number;
  h: number;
} {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

/**
 * "Nice" tick values (steps 1, 2, 2.5, 5 × 10^k) covering [lo, hi].
 * @example
 * ticks(-2, 2, 4); // [-2, -1, 0, 1, 2]
 */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step)
    out.push(Math.abs(v) < 1e-12 * step ? 0 : v);
  return out;
}

/**
 * Short number format for tick labels.
 * @example
 * fmt(0.000012); // "1.2e-5"
 */
export function fmt(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace("e+", "e");
  return Number(v.toPrecision(3)).toString();
}

/** Plot rectangle inside a panel and the data → pixel maps for a field over `bounds`. */
export interface FieldFrame {
  x: number;
  y: number;
  w: number;
  h: number;
  bounds: [number, number, number, number];
  px(xv: number): number;
  py(yv: number): number;
}

function fieldFrame(
  w: number,
  h: number,
  bounds: [number, number, number, number],
  title: boolean,
): FieldFrame {
  const left = 44;
  const right = 78; // room for the colour bar
  const top = title ? 26 : 8;
  const bottom = 34;
  const [x0, x1, y0, y1] = bounds;
  // keep the aspect ratio of the box
  const availW = w - left - right;
  const availH = h - top - bottom;
  const scale = Math.min(availW / (x1 - x0), availH / (y1 - y0));
  const pw = scale * (x1 - x0);
  const ph = scale * (y1 - y0);
  const fx = left + (availW - pw) / 2;
  const fy = top + (availH - ph) / 2;
  return {
    x: fx,
    y: fy,
    w: pw,
    h: ph,
    bounds,
    px: (xv) => fx + ((xv - x0) / (x1 - x0)) * pw,
    py: (yv) => fy + ph - ((yv - y0) / (y1 - y0)) * ph,
  };
}

const offscreen = new Map<
  string,
  { canvas: HTMLCanvasElement; values: ArrayLike<number> | null; vmin: number; vmax: number }
>();
const contourCache = new WeakMap<object, { key: string; path: Path2D }>();

/** Contours of a field as a Path2D in canvas pixels, cached per array and geometry (fields are immutable). */
function contourPath(values: ArrayLike<number>, nx: number, ny: number, fr: FieldFrame): Path2D {
  const key = `${nx}:${ny}:${fr.x}:${fr.y}:${fr.w}:${fr.h}`;
  const hit = contourCache.get(values as object);
  if (hit && hit.key === key) return hit.path;
  const path = new Path2D();
  const seg = contourPixels(values, nx, ny, contourLevels(values, 12), fr);
  for (let k = 0; k < seg.length; k += 4) {
    path.moveTo(seg[k], seg[k + 1]);
    path.lineTo(seg[k + 2], seg[k + 3]);
  }
  contourCache.set(values as object, { key, path });
  return path;
}
const luts = new Map<ColormapName, Uint32Array>();

/** Options of {@link drawField}. */
export interface FieldOptions {
  title: string;
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  bounds: [number, number, number, number];
  cmap: ColormapName;
  colorbarLabel: string;
  /** Upper end of the colour scale (default: max of the values). */
  vmax?: number;
  vmin?: number;
  contour?: ArrayLike<number> | null;
  contourColor?: string;
  /** A second set of contours, dashed (e.g. f on the ρₛₛ view, to compare with Φ). */
  contour2?: ArrayLike<number> | null;
  arrows?: Float32Array | null;
  arrowColor?: string;
  particles?: Float64Array | null;
  band?: Float64Array | null;
  saddle?: [number, number] | null;
  key: string;
}

/**
 * Draws a cell-centred field as a heatmap (x to the right, y up) with axes, a colour bar, optional
 * contours, current arrows, particles and an NEB band.
 * @example
 * drawField(canvas, { key: "rho", title: "ρₜ", values: rho, nx: 128, ny: 128, bounds: [-2, 2, -2, 2],
 *   cmap: "viridis", colorbarLabel: "ρₜ" });
 */
export function drawField(canvas: HTMLCanvasElement, o: FieldOptions): FieldFrame {
  const { ctx, w, h } = prepareCanvas(canvas);
  const fr = fieldFrame(w, h, o.bounds, true);
  ctx.font = FONT;
  ctx.fillStyle = "#1b1f24";
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(o.title, 8, 17);

  // heatmap through an offscreen canvas of nx × ny pixels
  let vmin = o.vmin ?? Number.POSITIVE_INFINITY;
  let vmax = o.vmax ?? Number.NEGATIVE_INFINITY;
  if (o.vmin === undefined || o.vmax === undefined) {
    for (let k = 0; k < o.values.length; k++) {
      const v = o.values[k];
      if (!Number.isFinite(v)) continue;
      if (o.vmin === undefined && v < vmin) vmin = v;
      if (o.vmax === undefined && v > vmax) vmax = v;
    }
  }
  if (!(vmax > vmin)) vmax = vmin + 1;
  let off = offscreen.get(o.key);
  if (!off || off.canvas.width !== o.nx || off.canvas.height !== o.ny) {
    const canvas = document.createElement("canvas");
    canvas.width = o.nx;
    canvas.height = o.ny;
    off = { canvas, values: null, vmin: 0, vmax: 0 };
    offscreen.set(o.key, off);
  }
  // fields that do not change between frames (ρₛₛ, the NEB energy) are drawn into pixels once
  if (off.values !== o.values || off.vmin !== vmin || off.vmax !== vmax) {
    let lut = luts.get(o.cmap);
    if (!lut) {
      lut = colormapLut(o.cmap, 256);
      luts.set(o.cmap, lut);
    }
    const octx = off.canvas.getContext("2d") as CanvasRenderingContext2D;
    const img = octx.createImageData(o.nx, o.ny);
    const px = new Uint32Array(img.data.buffer);
    const inv = 255 / (vmax - vmin);
    for (let i = 0; i < o.nx; i++) {
      for (let j = 0; j < o.ny; j++) {
        const v = o.values[i * o.ny + j];
        const q = Number.isFinite(v) ? Math.max(0, Math.min(255, Math.round((v - vmin) * inv))) : 0;
        px[(o.ny - 1 - j) * o.nx + i] = lut[q];
      }
    }
    octx.putImageData(img, 0, 0);
    off.values = o.values;
    off.vmin = vmin;
    off.vmax = vmax;
  }
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off.canvas, fr.x, fr.y, fr.w, fr.h);

  ctx.save();
  ctx.beginPath();
  ctx.rect(fr.x, fr.y, fr.w, fr.h);
  ctx.clip();
  const [x0, x1, y0, y1] = o.bounds;
  if (o.contour) {
    ctx.strokeStyle = o.contourColor ?? "rgba(255,255,255,0.55)";
    ctx.lineWidth = 0.9;
    ctx.stroke(contourPath(o.contour, o.nx, o.ny, fr));
  }
  if (o.contour2) {
    ctx.strokeStyle = "rgba(120, 255, 160, 0.8)";
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.stroke(contourPath(o.contour2, o.nx, o.ny, fr));
    ctx.setLineDash([]);
  }
  if (o.arrows) drawArrows(ctx, fr, o.arrows, o.arrowColor ?? "rgba(255,255,255,0.9)");
  if (o.particles) {
    ctx.fillStyle = "rgba(255, 80, 70, 0.55)";
    const p = o.particles;
    for (let k = 0; k < p.length; k += 2) ctx.fillRect(fr.px(p[k]) - 0.8, fr.py(p[k + 1]) - 0.8, 1.7, 1.7);
  }
  if (o.band) drawBand(ctx, fr, o.band, o.saddle ?? null);
  ctx.restore();

  drawAxes(ctx, fr, x0, x1, y0, y1);
  drawColorbar(ctx, fr, o.cmap, vmin, vmax, o.colorbarLabel);
  return fr;
}

function drawArrows(ctx: CanvasRenderingContext2D, fr: FieldFrame, a: Float32Array, color: string): void {
  let max = 0;
  for (let q = 0; q < ARROWS * ARROWS; q++) max = Math.max(max, Math.hypot(a[2 * q], a[2 * q + 1]));
  if (!(max > 0)) return;
  const cell = Math.min(fr.w, fr.h) / ARROWS;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.3;
  for (let I = 0; I < ARROWS; I++) {
    for (let J = 0; J < ARROWS; J++) {
      const q = I * ARROWS + J;
      const jx = a[2 * q];
      const jy = a[2 * q + 1];
      const m = Math.hypot(jx, jy) / max;
      if (m < 0.03) continue;
      const len = 0.9 * cell * Math.sqrt(m);
      const ux = jx / Math.hypot(jx, jy);
      const uy = jy / Math.hypot(jx, jy);
      const sx = fr.x + ((I + 0.5) / ARROWS) * fr.w - 0.5 * len * ux;
      const sy = fr.y + fr.h - ((J + 0.5) / ARROWS) * fr.h + 0.5 * len * uy;
      const ex = sx + len * ux;
      const ey = sy - len * uy;
      ctx.beginPath();
      ctx.moveTo(sx, sy);
      ctx.lineTo(ex, ey);
      ctx.stroke();
      const hl = Math.min(5, 0.4 * len);
      ctx.beginPath();
      ctx.moveTo(ex, ey);
      ctx.lineTo(ex - hl * (ux * 0.87 + uy * 0.5), ey + hl * (uy * 0.87 - ux * 0.5));
      ctx.lineTo(ex - hl * (ux * 0.87 - uy * 0.5), ey + hl * (uy * 0.87 + ux * 0.5));
      ctx.closePath();
      ctx.fill();
    }
  }
}

function drawBand(
  ctx: CanvasRenderingContext2D,
  fr: FieldFrame,
  path: Float64Array,
  saddle: [number, number] | null,
) {
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let k = 0; k < path.length; k += 2) {
    if (k === 0) ctx.moveTo(fr.px(path[k]), fr.py(path[k + 1]));
    else ctx.lineTo(fr.px(path[k]), fr.py(path[k + 1]));
  }
  ctx.stroke();
  for (let k = 0; k < path.length; k += 2) {
    ctx.beginPath();
    ctx.arc(fr.px(path[k]), fr.py(path[k + 1]), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = k === 0 || k === path.length - 2 ? "#2b8cff" : "#ffffff";
    ctx.fill();
    ctx.strokeStyle = "#1b1f24";
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  if (saddle) {
    ctx.fillStyle = "#ff3b30";
    const sx = fr.px(saddle[0]);
    const sy = fr.py(saddle[1]);
    ctx.beginPath();
    ctx.moveTo(sx, sy - 7);
    ctx.lineTo(sx + 6, sy + 5);
    ctx.lineTo(sx - 6, sy + 5);
    ctx.closePath();
    ctx.fill();
  }
}

function drawAxes(
  ctx: CanvasRenderingContext2D,
  fr: FieldFrame,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
) {
  ctx.strokeStyle = "#1b1f24";
  ctx.lineWidth = 1;
  ctx.strokeRect(fr.x, fr.y, fr.w, fr.h);
  ctx.font = SMALL;
  ctx.fillStyle = "#1b1f24";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(x0, x1, 5)) {
    const X = fr.px(t);
    ctx.beginPath();
    ctx.moveTo(X, fr.y + fr.h);
    ctx.lineTo(X, fr.y + fr.h + 4);
    ctx.stroke();
    ctx.fillText(fmt(t), X, fr.y + fr.h + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of ticks(y0, y1, 5)) {
    const Y = fr.py(t);
    ctx.beginPath();
    ctx.moveTo(fr.x - 4, Y);
    ctx.lineTo(fr.x, Y);
    ctx.stroke();
    ctx.fillText(fmt(t), fr.x - 6, Y);
  }
  ctx.font = FONT;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText("x", fr.x + fr.w / 2, fr.y + fr.h + 19);
  ctx.save();
  ctx.translate(fr.x - 34, fr.y + fr.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText("y", 0, 0);
  ctx.restore();
}

function drawColorbar(
  ctx: CanvasRenderingContext2D,
  fr: FieldFrame,
  cmap: ColormapName,
  vmin: number,
  vmax: number,
  label: string,
) {
  const bx = fr.x + fr.w + 12;
  const bw = 12;
  const n = 64;
  for (let k = 0; k < n; k++) {
    const [r, g, b] = colormap(cmap, (k + 0.5) / n);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(bx, fr.y + fr.h - ((k + 1) / n) * fr.h, bw, fr.h / n + 0.5);
  }
  ctx.strokeStyle = "#1b1f24";
  ctx.strokeRect(bx, fr.y, bw, fr.h);
  ctx.font = SMALL;
  ctx.fillStyle = "#1b1f24";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const t of ticks(vmin, vmax, 4)) {
    const Y = fr.y + fr.h - ((t - vmin) / (vmax - vmin)) * fr.h;
    ctx.fillText(fmt(t), bx + bw + 4, Y);
  }
  ctx.save();
  ctx.translate(bx + bw + 52, fr.y + fr.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.font = FONT;
  ctx.fillText(label, 0, 0);
  ctx.restore();
}

/**
 * Ticks for a log axis given log10 limits: decades, or 1-2-5 steps when the range is under two decades.
 * @example
 * logTicks(0, 1); // [1, 2, 5, 10]
 */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const mult = hi - lo < 2 ? [1, 2, 5] : [1];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of mult) {
      const v = m * 10 ** e;
      const l = Math.log10(v);
      if (l >= lo && l <= hi) out.push(v);
    }
  }
  if (out.length < 2 && hi - lo < 0.5) return ticks(10 ** lo, 10 ** hi, 3).filter((v) => v > 0);
  return out;
}

/** One line of a chart. */
export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  label: string;
  dots?: boolean;
}

/** Options of {@link drawChart}. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** Rectangle of the chart inside the canvas (CSS pixels). */
  rect: { x: number; y: number; w: number; h: number };
  marker?: { x: number; y: number; label: string } | null;
  /** Draw a legend in the top-right corner (default true). */
  legend?: boolean;
}

/**
 * Draws a line chart (linear x, linear or log y) with axes, ticks and a legend into a rectangle.
 * @example
 * drawChart(ctx, [{ x: t, y: kl, color: "#2463eb", label: "KL" }],
 *   { title: "KL", xLabel: "t", yLabel: "KL", logY: true, rect: { x: 0, y: 0, w: 400, h: 200 } });
 */
export function drawChart(ctx: CanvasRenderingContext2D, series: Series[], o: ChartOptions): void {
  const L = o.rect.x + 58;
  const T = o.rect.y + 24;
  const W = o.rect.w - 58 - 14;
  const H = o.rect.h - 24 - 38;
  ctx.font = FONT;
  ctx.fillStyle = "#1b1f24";
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(o.title, o.rect.x + 8, o.rect.y + 16);
  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  let ymin = Number.POSITIVE_INFINITY;
  let ymax = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (let k = 0; k < s.x.length; k++) {
      const yv = tf(s.y[k]);
      if (!Number.isFinite(yv) || !Number.isFinite(s.x[k])) continue;
      xmin = Math.min(xmin, s.x[k]);
      xmax = Math.max(xmax, s.x[k]);
      ymin = Math.min(ymin, yv);
      ymax = Math.max(ymax, yv);
    }
  }
  ctx.strokeStyle = "#1b1f24";
  ctx.lineWidth = 1;
  ctx.strokeRect(L, T, W, H);
  if (!Number.isFinite(xmin)) {
    ctx.font = SMALL;
    ctx.fillText("press ▶ to start", L + 10, T + 20);
    return;
  }
  if (!(xmax > xmin)) xmax = xmin + 1;
  if (!(ymax > ymin)) {
    ymax += 0.5;
    ymin -= 0.5;
  }
  const pad = 0.05 * (ymax - ymin);
  ymin -= pad;
  ymax += pad;
  const X = (v: number) => L + ((v - xmin) / (xmax - xmin)) * W;
  const Y = (v: number) => T + H - ((tf(v) - ymin) / (ymax - ymin)) * H;
  ctx.font = SMALL;
  ctx.fillStyle = "#1b1f24";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.strokeStyle = "#e3e6ea";
  for (const t of ticks(xmin, xmax, 5)) {
    ctx.beginPath();
    ctx.moveTo(X(t), T);
    ctx.lineTo(X(t), T + H);
    ctx.stroke();
    ctx.fillText(fmt(t), X(t), T + H + 4);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  const yt = o.logY ? logTicks(ymin, ymax) : ticks(ymin, ymax, 4);
  for (const t of yt) {
    ctx.beginPath();
    ctx.moveTo(L, Y(t));
    ctx.lineTo(L + W, Y(t));
    ctx.stroke();
    ctx.fillText(fmt(t), L - 5, Y(t));
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(L, T, W, H);
  ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    for (let k = 0; k < s.x.length; k++) {
      const yv = s.y[k];
      if (!Number.isFinite(tf(yv))) continue;
      if (!started) ctx.moveTo(X(s.x[k]), Y(yv));
      else ctx.lineTo(X(s.x[k]), Y(yv));
      started = true;
    }
    ctx.stroke();
    if (s.dots) {
      ctx.fillStyle = s.color;
      for (let k = 0; k < s.x.length; k++) {
        ctx.beginPath();
        ctx.arc(X(s.x[k]), Y(s.y[k]), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
  if (o.marker) {
    ctx.fillStyle = "#ff3b30";
    ctx.beginPath();
    ctx.arc(X(o.marker.x), Y(o.marker.y), 4.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
  if (o.marker) {
    // The marker sits on the curve's maximum (the saddle of an energy profile), so a label beside it
    // crosses the descending branches: put it at the bottom of the plot under the marker, on a white
    // box, joined to the marker by a dashed line.
    ctx.font = SMALL;
    const w = ctx.measureText(o.marker.label).width + 8;
    const mx = X(o.marker.x);
    const cx = Math.min(Math.max(mx, L + w / 2), L + W - w / 2);
    const top = T + H - 20;
    ctx.strokeStyle = "rgba(27,31,36,0.5)";
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(mx, Y(o.marker.y) + 6);
    ctx.lineTo(mx, top);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = "rgba(255,255,255,0.9)";
    ctx.fillRect(cx - w / 2, top, w, 17);
    ctx.fillStyle = "#1b1f24";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(o.marker.label, cx, top + 3);
  }
  ctx.fillStyle = "#1b1f24";
  ctx.font = SMALL;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(o.xLabel, L + W / 2, T + H + 19);
  ctx.save();
  ctx.translate(o.rect.x + 12, T + H / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();
  if (o.legend === false) return;
  let lx = L + W - 8;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const s of [...series].reverse()) {
    ctx.fillStyle = "#1b1f24";
    ctx.fillText(s.label, lx, T + 12);
    const tw = ctx.measureText(s.label).width;
    ctx.fillStyle = s.color;
    ctx.fillRect(lx - tw - 20, T + 10, 14, 3);
    lx -= tw + 34;
  }
}

/**
 * Writes a message wrapped to the width of a canvas (used when a view has nothing to draw).
 * @example
 * drawMessage(canvas, "NEB off");
 */
export function drawMessage(canvas: HTMLCanvasElement, text: string): void {
  const { ctx, w } = prepareCanvas(canvas);
  ctx.font = FONT;
  ctx.fillStyle = "#5b6570";
  ctx.textBaseline = "top";
  let line = "";
  let y = 14;
  for (const word of text.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > w - 24 && line) {
      ctx.fillText(line, 12, y);
      y += 18;
      line = word;
    } else line = next;
  }
  if (line) ctx.fillText(line, 12, y);
}
