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

/** The first output index i whose window cell i·stride + k − pad is ≥ 0. */
function first(k: number, stride: number, pad: number): number {
  return Math.max(0, Math.ceil((pad - k) / stride));
}

/** One past the last output index i (at most `out`) whose window cell i·stride + k − pad is < size. */
function end(k: number, stride: number, pad: number, size: number, out: number): number {
  return Math.max(0, Math.min(out, Math.floor((size - 1 + pad - k) / stride) + 1));
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
  const len = oh * ow;
  let o = 0;
  for (let ci = 0; ci < c; ci++) {
    const plane = xOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      // Output rows i0 … i1−1 read input rows inside the image; the others read padding.
      const i0 = first(p, sh, ph);
      const i1 = Math.max(i0, end(p, sh, ph, h, oh));
      for (let q = 0; q < kw; q++, o += len) {
        const j0 = first(q, sw, pw);
        const j1 = Math.max(j0, end(q, sw, pw, w, ow));
        col.fill(0, o, o + i0 * ow);
        let s = plane + (i0 * sh + p - ph) * w + q - pw;
        let d = o + i0 * ow;
        if (sw === 1 && j0 === 0 && j1 === ow) {
          // The common case (no column padding): one contiguous run per output row.
          for (let i = i0; i < i1; i++, s += sh * w, d += ow)
            for (let j = 0; j < ow; j++) col[d + j] = x[s + j];
        } else {
          for (let i = i0; i < i1; i++, s += sh * w, d += ow) {
            for (let j = 0; j < j0; j++) col[d + j] = 0;
            for (let j = j0; j < j1; j++) col[d + j] = x[s + j * sw];
            for (let j = j1; j < ow; j++) col[d + j] = 0;
          }
        }
        col.fill(0, o + i1 * ow, o + len);
      }
    }
  }
  return col;
}

/**
 * The transpose of `im2col`: row (i, j) of `col` (oh·ow × c·kh·kw) is the patch under window (i, j)
 * in (ci, p, q) order, the layout in which Σ positions gy · patch is a plain row-major product.
 * @example
 * im2colT(x.data, nIndex * c * h * w, geom, colT);
 */
export function im2colT(x: Float64Array, xOff: number, g: Geometry, col: Float64Array): Float64Array {
  const { c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const plane = h * w;
  let o = 0;
  for (let i = 0; i < oh; i++) {
    const y0 = i * sh - ph;
    for (let j = 0; j < ow; j++) {
      const x0 = j * sw - pw;
      const inside = y0 >= 0 && y0 + kh <= h && x0 >= 0 && x0 + kw <= w;
      for (let ci = 0; ci < c; ci++) {
        const base = xOff + ci * plane;
        if (inside) {
          for (let p = 0; p < kh; p++) {
            const s = base + (y0 + p) * w + x0;
            for (let q = 0; q < kw; q++) col[o++] = x[s + q];
          }
        } else {
          for (let p = 0; p < kh; p++) {
            const y = y0 + p;
            for (let q = 0; q < kw; q++) {
              const xx = x0 + q;
              col[o++] = y >= 0 && y < h && xx >= 0 && xx < w ? x[base + y * w + xx] : 0;
            }
          }
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
  const len = oh * ow;
  let o = 0;
  for (let ci = 0; ci < c; ci++) {
    const plane = gxOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      const i0 = first(p, sh, ph);
      const i1 = Math.max(i0, end(p, sh, ph, h, oh));
      for (let q = 0; q < kw; q++, o += len) {
        const j0 = first(q, sw, pw);
        const j1 = Math.max(j0, end(q, sw, pw, w, ow));
        let s = o + i0 * ow;
        let d = plane + (i0 * sh + p - ph) * w + q - pw;
        if (sw === 1) {
          for (let i = i0; i < i1; i++, s += ow, d += sh * w)
            for (let j = j0; j < j1; j++) gx[d + j] += col[s + j];
        } else {
          for (let i = i0; i < i1; i++, s += ow, d += sh * w) {
            for (let j = j0; j < j1; j++) gx[d + j * sw] += col[s + j];
          }
        }
      }
    }
  }
  return gx;
}
