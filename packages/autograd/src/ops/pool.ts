import { InvalidArgumentError } from "@langevin/core";
import { uninitialized } from "../alloc.js";
import { type Geometry, geometry, type Pair, pair } from "../kernels/window.js";
import { type Shape, sizeOf } from "../shape.js";
import { result, type Tensor } from "../tensor.js";

/** Options of `maxPool2d` and `avgPool2d` (PyTorch's; no ceil mode, no dilation). */
export interface Pool2dOptions {
  /** Window size: one number or [rows, columns]. */
  kernel: Pair;
  /** Step of the window; default the kernel size. */
  stride?: Pair;
  /** Padding on each side, at most half the kernel (−∞ for max pooling, zeros for averaging); default 0. */
  padding?: Pair;
}

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Divide by the full window size even where it overlaps the padding (PyTorch's default true). */
  countIncludePad?: boolean;
}

/** Pooling options with both pairs resolved. */
export interface PoolWindow {
  /** Window size, [rows, columns]. */
  kernel: [number, number];
  /** Step between windows, [rows, columns]. */
  stride: [number, number];
  /** Zero padding on each side, [rows, columns]. */
  padding: [number, number];
}

/**
 * Checks and resolves pooling options: kernel and stride integers ≥ 1 (stride defaults to the
 * kernel), padding ≥ 0 and at most half the kernel (PyTorch's rule, so that no window lies in the
 * padding alone).
 * @throws InvalidArgumentError naming `options`, `kernel`, `stride` or `padding`.
 * @example
 * poolWindow({ kernel: 3 }, "maxPool2d").stride; // [3, 3]
 */
export function poolWindow(options: Pool2dOptions, op: string): PoolWindow {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(
      "options",
      `${op}: needs { kernel, stride?, padding? }, got ${String(options)}`,
    );
  }
  const kernel = pair(options.kernel, undefined, "kernel", op, 1);
  const stride = pair(options.stride, kernel, "stride", op, 1);
  const padding = pair(options.padding, 0, "padding", op, 0);
  if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
    throw new InvalidArgumentError(
      "padding",
      `${op}: padding ${padding.join(",")} must be at most half the kernel ${kernel[0]}×${kernel[1]}`,
    );
  }
  return { kernel, stride, padding };
}

function poolGeometry(x: Shape, options: Pool2dOptions, op: string): Geometry {
  const { kernel, stride, padding } = poolWindow(options, op);
  return geometry(x, kernel[0], kernel[1], stride, padding, op, "kernel");
}

/**
 * For each output position, the flat index into x of the first maximum of its window (row-major
 * scan, strict >, so ties go to the first as in PyTorch; a NaN wins and propagates). Padding is −∞:
 * the window's valid part is never empty because padding ≤ kernel/2.
 */
function argmaxK(x: Float64Array, g: Geometry, index: Int32Array): Int32Array {
  const { h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const planes = g.n * g.c;
  let k = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < oh; i++) {
      const y0 = Math.max(i * sh - ph, 0);
      const y1 = Math.min(i * sh - ph + kh, h);
      for (let j = 0; j < ow; j++, k++) {
        const x0 = Math.max(j * sw - pw, 0);
        const x1 = Math.min(j * sw - pw + kw, w);
        let best = base + y0 * w + x0;
        let m = Number.NEGATIVE_INFINITY;
        for (let y = y0; y < y1; y++) {
          const row = base + y * w;
          for (let xx = x0; xx < x1; xx++) {
            const v = x[row + xx];
            if (v > m || Number.isNaN(v)) {
              m = v;
              best = row + xx;
            }
          }
        }
        index[k] = best;
      }
    }
  }
  return index;
}

function gatherK(x: Float64Array, index: Int32Array, out: Float64Array): Float64Array {
  for (let k = 0; k < index.length; k++) out[k] = x[index[k]];
  return out;
}

function scatterK(g: Float64Array, index: Int32Array, out: Float64Array): Float64Array {
  for (let k = 0; k < index.length; k++) out[index[k]] += g[k];
  return out;
}

/** out[k] = x[index[k]]; its adjoint is `scatterAt`. */
function gatherAt(x: Tensor, index: Int32Array, shape: Shape, op: string): Tensor {
  const out = gatherK(x.data, index, uninitialized(index.length));
  const from = x.shape;
  return result(out, shape, op, [x], (g) => [scatterAt(g, index, from)]);
}

/** A zero tensor of `shape` with g[k] added at index[k]; its adjoint is `gatherAt`. */
function scatterAt(g: Tensor, index: Int32Array, shape: Shape): Tensor {
  const out = scatterK(g.data, index, new Float64Array(sizeOf(shape)));
  const from = g.shape;
  return result(out, [...shape], "scatterAt", [g], (gg) => [gatherAt(gg, index, from, "gatherAt")]);
}

/**
 * 2-D max pooling of x (N, C, H, W) → (N, C, oh, ow), oh = ⌊(H + 2·padding − kernel)/stride⌋ + 1.
 * The gradient goes to the arg-max of each window; on ties to the first in row-major order (as
 * PyTorch). The arg-max is held fixed when differentiating, so the op is piecewise linear: its
 * gradient is exact and its second derivative is zero wherever the arg-max does not change
 * (everywhere but on ties), like `relu` at 0.
 * @throws ShapeMismatchError when x is not 4-D or the window does not fit the padded input;
 * InvalidArgumentError for a missing or non-positive kernel or stride, or padding above kernel/2.
 * @example
 * maxPool2d(tensor([1, 5, 2, 4], [1, 1, 2, 2]), { kernel: 2 }).data; // [5]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const g = poolGeometry(x.shape, options, "maxPool2d");
  const index = argmaxK(x.data, g, new Int32Array(g.n * g.c * g.oh * g.ow));
  return gatherAt(x, index, [g.n, g.c, g.oh, g.ow], "maxPool2d");
}

/** The divisor of window (i, j): kh·kw, or with `countIncludePad` false, its cells inside the input. */
function divisor(g: Geometry, i: number, j: number, includePad: boolean): number {
  if (includePad) return g.kh * g.kw;
  const y0 = Math.max(i * g.sh - g.ph, 0);
  const y1 = Math.min(i * g.sh - g.ph + g.kh, g.h);
  const x0 = Math.max(j * g.sw - g.pw, 0);
  const x1 = Math.min(j * g.sw - g.pw + g.kw, g.w);
  return (y1 - y0) * (x1 - x0);
}

/** Window means (adjoint false) or the adjoint, spreading out[k]/divisor over window k (true). */
function averageK(
  src: Float64Array,
  g: Geometry,
  includePad: boolean,
  adjoint: boolean,
  dst: Float64Array,
): Float64Array {
  const { h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const planes = g.n * g.c;
  let k = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < oh; i++) {
      const y0 = Math.max(i * sh - ph, 0);
      const y1 = Math.min(i * sh - ph + kh, h);
      for (let j = 0; j < ow; j++, k++) {
        const x0 = Math.max(j * sw - pw, 0);
        const x1 = Math.min(j * sw - pw + kw, w);
        const inv = 1 / divisor(g, i, j, includePad);
        if (adjoint) {
          const v = src[k] * inv;
          for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) dst[base + y * w + xx] += v;
        } else {
          let s = 0;
          for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) s += src[base + y * w + xx];
          dst[k] = s * inv;
        }
      }
    }
  }
  return dst;
}

function avgPoolAdjoint(gy: Tensor, g: Geometry, includePad: boolean, inputShape: Shape): Tensor {
  const out = averageK(gy.data, g, includePad, true, new Float64Array(sizeOf(inputShape)));
  return result(out, [...inputShape], "avgPool2d'", [gy], (gg) => [avgPoolWith(gg, g, includePad)]);
}

function avgPoolWith(x: Tensor, g: Geometry, includePad: boolean): Tensor {
  const out = averageK(x.data, g, includePad, false, uninitialized(g.n * g.c * g.oh * g.ow));
  const from = x.shape;
  return result(out, [g.n, g.c, g.oh, g.ow], "avgPool2d", [x], (gy) => [
    avgPoolAdjoint(gy, g, includePad, from),
  ]);
}

/**
 * 2-D average pooling of x (N, C, H, W) → (N, C, oh, ow): window means, padding counted as zeros
 * in the divisor unless `countIncludePad: false` (PyTorch's `count_include_pad`). Linear, so
 * differentiable to any order.
 * @throws as `maxPool2d`.
 * @example
 * avgPool2d(tensor([1, 5, 2, 4], [1, 1, 2, 2]), { kernel: 2 }).data; // [3]
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  const g = poolGeometry(x.shape, options, "avgPool2d");
  return avgPoolWith(x, g, options.countIncludePad ?? true);
}
