import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { fmt, type Shape } from "../shape.js";

/**
 * Sliding windows over NCHW images (convolution and pooling), PyTorch's conventions: a window of
 * kh × kw moves by (sh, sw) over the input padded by (ph, pw) on each side; output position (i, j)
 * covers input rows i·sh − ph … i·sh − ph + kh − 1 (and likewise columns), and there are
 * oh = ⌊(h + 2ph − kh)/sh⌋ + 1 rows of positions (no ceil mode, no dilation).
 */
export interface Geometry {
  /** Batch size. */
  n: number;
  /** Channels, height and width of the input. */
  c: number;
  h: number;
  w: number;
  /** Window size, stride and zero padding, rows then columns. */
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  /** Output height and width. */
  oh: number;
  ow: number;
}

/** One number for both axes or [rows, columns], as PyTorch's `int or tuple`. */
export type Pair = number | readonly [number, number];

/**
 * Reads a `Pair` option: both entries integers ≥ `min`.
 * @throws InvalidArgumentError naming `argument`.
 * @example
 * pair(2, 1, "stride", "conv2d", 1); // [2, 2]
 */
export function pair(
  value: Pair | undefined,
  fallback: Pair | undefined,
  argument: string,
  op: string,
  min: number,
): [number, number] {
  const v = value ?? fallback;
  const shaped = typeof v === "number" || (Array.isArray(v) && v.length === 2);
  const p: [number, number] =
    typeof v === "number" ? [v, v] : shaped ? [v![0], v![1]] : [Number.NaN, Number.NaN];
  if (!p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new InvalidArgumentError(
      argument,
      `${op}: must be an integer >= ${min} or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return p;
}

/**
 * The geometry of windows (kh × kw, `stride`, `padding`) over an NCHW input of shape `x`.
 * @throws ShapeMismatchError when x is not 4-D or the window does not fit in the padded input.
 * @example
 * geometry([2, 1, 28, 28], 5, 5, [1, 1], [0, 0], "conv2d", "w").oh; // 24
 */
export function geometry(
  x: Shape,
  kh: number,
  kw: number,
  stride: [number, number],
  padding: [number, number],
  op: string,
  windowArgument: string,
): Geometry {
  if (x.length !== 4) {
    throw new ShapeMismatchError("x", `${op}: input must be 4-D (N, C, H, W), got ${fmt(x)}`);
  }
  const [n, c, h, w] = x;
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  if (kh > h + 2 * ph || kw > w + 2 * pw) {
    throw new ShapeMismatchError(
      windowArgument,
      `${op}: window ${kh}×${kw} is larger than the padded input ${h + 2 * ph}×${w + 2 * pw} (input ${fmt(x)}, padding ${ph},${pw})`,
    );
  }
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  return { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow };
}

/** The first output column j whose window column j·sw + q − pw is ≥ 0. */
function firstColumn(g: Geometry, q: number): number {
  return Math.max(0, Math.ceil((g.pw - q) / g.sw));
}

/** One past the last output column j whose window column j·sw + q − pw is < w. */
function endColumn(g: Geometry, q: number): number {
  return Math.max(0, Math.min(g.ow, Math.floor((g.w - 1 + g.pw - q) / g.sw) + 1));
}

/**
 * The im2col matrix of image `x[xOff …]` (c × h × w): row (ci, p, q) (ci·kh·kw + p·kw + q), column
 * (i, j) (i·ow + j) holds the padded input at (ci, i·sh + p − ph, j·sw + q − pw), zero in the
 * padding. `col` (c·kh·kw × oh·ow, row-major from 0) is overwritten.
 * @example
 * im2col(x.data, nIndex * c * h * w, geom, col);
 */
export function im2col(x: Float64Array, xOff: number, g: Geometry, col: Float64Array): Float64Array {
  const { c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let o = 0;
  for (let ci = 0; ci < c; ci++) {
    const plane = xOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        const j0 = firstColumn(g, q);
        const j1 = Math.max(j0, endColumn(g, q));
        for (let i = 0; i < oh; i++, o += ow) {
          const y = i * sh + p - ph;
          if (y < 0 || y >= h) {
            col.fill(0, o, o + ow);
            continue;
          }
          const src = plane + y * w + q - pw;
          for (let j = 0; j < j0; j++) col[o + j] = 0;
          if (sw === 1) for (let j = j0; j < j1; j++) col[o + j] = x[src + j];
          else for (let j = j0; j < j1; j++) col[o + j] = x[src + j * sw];
          for (let j = j1; j < ow; j++) col[o + j] = 0;
        }
      }
    }
  }
  return col;
}

/**
 * The adjoint of `im2col`: adds every entry of `col` to the input position it was read from (the
 * padding's entries are dropped). `gx[gxOff …]` (c × h × w) is accumulated into, not cleared.
 * @example
 * col2im(col, geom, gx.data, nIndex * c * h * w);
 */
export function col2im(col: Float64Array, g: Geometry, gx: Float64Array, gxOff: number): Float64Array {
  const { c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let o = 0;
  for (let ci = 0; ci < c; ci++) {
    const plane = gxOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        const j0 = firstColumn(g, q);
        const j1 = Math.max(j0, endColumn(g, q));
        for (let i = 0; i < oh; i++, o += ow) {
          const y = i * sh + p - ph;
          if (y < 0 || y >= h) continue;
          const dst = plane + y * w + q - pw;
          if (sw === 1) for (let j = j0; j < j1; j++) gx[dst + j] += col[o + j];
          else for (let j = j0; j < j1; j++) gx[dst + j * sw] += col[o + j];
        }
      }
    }
  }
  return gx;
}
