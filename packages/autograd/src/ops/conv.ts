import { ShapeMismatchError } from "@langevin/core";
import { uninitialized } from "../alloc.js";
import {
  convDoubles,
  convForwardSimd,
  convInputGradSimd,
  convKernel,
  convWeightGradSimd,
  maskedCopy,
  type PerSampleRows,
} from "../kernels/conv-simd.js";
import { gemmNN, gemmTN } from "../kernels/gemm.js";
import { col2im, type Geometry, geometry, im2col, im2colT, type Pair, pair } from "../kernels/window.js";
import { isGradEnabled } from "../mode.js";
import { fmt, type Shape, sameShape, sizeOf } from "../shape.js";
import { result, type Tensor } from "../tensor.js";
import { mul } from "./binary.js";
import { broadcastTo } from "./shape.js";

/** Options of `conv2d` and its adjoints (PyTorch's `stride` and `padding`; no dilation or groups). */
export interface Conv2dOptions {
  /** Step of the window: one number for both axes or [rows, columns]; default 1. */
  stride?: Pair;
  /** Zeros added on each side: one number or [rows, columns]; default 0. */
  padding?: Pair;
}

interface ConvGeometry extends Geometry {
  /** Output channels. */
  oc: number;
  stride: [number, number];
  padding: [number, number];
}

function convGeometry(x: Shape, w: Shape, options: Conv2dOptions, op: string): ConvGeometry {
  if (x.length !== 4) {
    throw new ShapeMismatchError("x", `${op}: input must be 4-D (N, C, H, W), got ${fmt(x)}`);
  }
  if (w.length !== 4) {
    throw new ShapeMismatchError("w", `${op}: weight must be 4-D (outC, inC, kh, kw), got ${fmt(w)}`);
  }
  if (x[1] !== w[1]) {
    throw new ShapeMismatchError(
      "w",
      `${op}: weight ${fmt(w)} expects ${w[1]} input channels, the input ${fmt(x)} has ${x[1]}`,
    );
  }
  const stride = pair(options.stride, 1, "stride", op, 1);
  const padding = pair(options.padding, 0, "padding", op, 0);
  return { ...geometry(x, w[2], w[3], stride, padding, op, "w"), oc: w[0], stride, padding };
}

function checkBias(b: Tensor | null, g: ConvGeometry, op: string): void {
  if (b !== null && (b.ndim !== 1 || b.size !== g.oc)) {
    throw new ShapeMismatchError(
      "b",
      `${op}: bias must have shape [${g.oc}] (one per output channel), got ${fmt(b.shape)}`,
    );
  }
}

function outputShape(g: ConvGeometry): number[] {
  return [g.n, g.oc, g.oh, g.ow];
}

/** The output gradient as (N, outC, oh, ow), checked against the geometry. */
function checkOutputGrad(gy: Tensor, g: ConvGeometry, op: string): Tensor {
  const shape = outputShape(g);
  if (sameShape(gy.shape, shape)) return gy;
  if (gy.size === sizeOf(shape)) return gy.reshape(shape);
  throw new ShapeMismatchError(
    "g",
    `${op}: output gradient ${fmt(gy.shape)} for an output of shape ${fmt(shape)}`,
  );
}

// One im2col matrix and one (outC × C·kh·kw) product at a time; the ops never nest, so module-level
// scratch grown on demand serves every call without allocating.
let colScratch = new Float64Array(0);
let weightScratch = new Float64Array(0);

function colWorkspace(g: ConvGeometry): Float64Array {
  const size = g.c * g.kh * g.kw * g.oh * g.ow;
  if (colScratch.length < size) colScratch = new Float64Array(size);
  return colScratch;
}

function weightWorkspace(size: number): Float64Array {
  if (weightScratch.length < size) weightScratch = new Float64Array(size);
  return weightScratch;
}

// The loops live in top-level kernels (see ops/unary.ts: a hot loop inside an op deoptimises it).

/** g ⊙ 1[mask > 0] as a new array (the JavaScript paths of the fused ReLU), or g without a mask. */
function masked(gy: Float64Array, mask: Float64Array | null): Float64Array {
  if (mask === null) return gy;
  const out = uninitialized(gy.length);
  maskedCopy(gy, mask, 0, out, 0, gy.length);
  return out;
}

/** out[n] = W · im2col(x[n]) (+ b per channel), image by image; then max(·, 0) with `relu`. */
function forwardK(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  g: ConvGeometry,
  out: Float64Array,
  relu: boolean,
): void {
  const kernel = convKernel(convDoubles(g, g.oc));
  if (kernel !== null) {
    convForwardSimd(kernel, x, w, b, g, g.oc, out, relu);
    return;
  }
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const block = g.oc * len;
  const col = colWorkspace(g);
  for (let n = 0; n < g.n; n++) {
    im2col(x, n * g.c * g.h * g.w, g, col);
    gemmNN(w, col, out.subarray(n * block, (n + 1) * block), g.oc, ckk, len);
    if (b !== null) {
      for (let o = 0; o < g.oc; o++) {
        const bo = b[o];
        const start = n * block + o * len;
        for (let s = start; s < start + len; s++) out[s] += bo;
      }
    }
  }
  if (relu) for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i], 0);
}

/**
 * gw = Σₙ gy[n] · im2col(x[n])ᵀ, or with `perSample` each scale·gy[n]·im2col(x[n])ᵀ into a row of
 * its matrix; the transposed im2col is built directly, a row-major product that the gemm reads as
 * stored (a transposed operand would be repacked for every image). `biasOut` += Σ gy per channel.
 */
function weightGradK(
  x: Float64Array,
  gyIn: Float64Array,
  g: ConvGeometry,
  gw: Float64Array | null,
  perSample: PerSampleRows | null,
  mask: Float64Array | null,
  biasOut: Float64Array | null = null,
): void {
  const kernel = convKernel(convDoubles(g, g.oc));
  if (kernel !== null) {
    convWeightGradSimd(kernel, x, gyIn, g, g.oc, gw, perSample, mask, biasOut);
    return;
  }
  const gy = masked(gyIn, mask);
  if (biasOut !== null) channelSumK(gy, g.n, g.oc, g.oh * g.ow, biasOut, null);
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const block = g.oc * len;
  const size = g.oc * ckk;
  const col = colWorkspace(g);
  const tmp = weightWorkspace(size);
  for (let n = 0; n < g.n; n++) {
    im2colT(x, n * g.c * g.h * g.w, g, col);
    const at = perSample === null ? 0 : n * perSample.rowLength + perSample.offset;
    const dst = perSample !== null ? perSample.out.subarray(at, at + size) : n === 0 ? gw! : tmp;
    gemmNN(gy.subarray(n * block, (n + 1) * block), col, dst, g.oc, len, ckk);
    if (perSample !== null) for (let i = 0; i < size; i++) dst[i] *= perSample.scale;
    else if (n > 0) for (let i = 0; i < size; i++) gw![i] += tmp[i];
  }
  if (gw !== null && g.n === 0) gw.fill(0);
}

/** gx[n] = col2im(Wᵀ · gy[n]); gx is overwritten. */
function inputGradK(
  gyIn: Float64Array,
  w: Float64Array,
  g: ConvGeometry,
  gx: Float64Array,
  mask: Float64Array | null,
): void {
  const kernel = convKernel(convDoubles(g, g.oc));
  if (kernel !== null) {
    convInputGradSimd(kernel, gyIn, w, g, g.oc, gx, mask);
    return;
  }
  const gy = masked(gyIn, mask);
  gx.fill(0);
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const block = g.oc * len;
  const col = colWorkspace(g);
  for (let n = 0; n < g.n; n++) {
    gemmTN(w, gy.subarray(n * block, (n + 1) * block), col, ckk, g.oc, len);
    col2im(col, g, gx, n * g.c * g.h * g.w);
  }
}

/** Row n of out at `offset`: scale · Σ over positions of gy[n] (per channel; masked as above). */
function perSampleBiasK(
  gy: Float64Array,
  g: ConvGeometry,
  out: Float64Array,
  rowLength: number,
  offset: number,
  scale: number,
  mask: Float64Array | null,
): void {
  const len = g.oh * g.ow;
  for (let n = 0; n < g.n; n++) {
    for (let o = 0; o < g.oc; o++) {
      let t = 0;
      const start = (n * g.oc + o) * len;
      if (mask === null) for (let k = start; k < start + len; k++) t += gy[k];
      else for (let k = start; k < start + len; k++) t += gy[k] * +(mask[k] > 0);
      out[n * rowLength + offset + o] = scale * t;
    }
  }
}

function channelSumK(
  gy: Float64Array,
  n: number,
  c: number,
  len: number,
  out: Float64Array,
  mask: Float64Array | null,
): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < c; o++) {
      let s = 0;
      const start = (i * c + o) * len;
      if (mask === null) for (let k = start; k < start + len; k++) s += gy[k];
      else for (let k = start; k < start + len; k++) s += gy[k] * +(mask[k] > 0);
      out[o] += s;
    }
  }
  return out;
}

/** Σ over batch and positions of an (N, C, H, W) tensor: the (C) gradient of a per-channel bias. */
function channelSum(gy: Tensor): Tensor {
  const [n, c, h, w] = gy.shape;
  const out = channelSumK(gy.data, n, c, h * w, new Float64Array(c), null);
  const from = gy.shape;
  return result(out, [c], "channelSum", [gy], (gg) => [broadcastTo(gg.reshape([c, 1, 1]), from)]);
}

/**
 * 2-D convolution (cross-correlation, as PyTorch's `conv2d`): x (N, C, H, W), w (outC, C, kh, kw),
 * optional bias b (outC); output (N, outC, oh, ow) with oh = ⌊(H + 2·padding − kh)/stride⌋ + 1.
 * Computed per image as W · im2col(x) with the package's gemm kernels, in workspaces reused across
 * calls. Its backward rule is `conv2dInput` and `conv2dWeight`, themselves differentiable, so
 * second derivatives (`hvp`) work through it.
 * @throws ShapeMismatchError for an input or weight that is not 4-D, a channel mismatch, a bias of
 * the wrong length, or a kernel larger than the padded input; InvalidArgumentError for a stride
 * below 1 or a negative padding.
 * @example
 * const x = randn([2, 3, 9, 9], createRng(1));
 * const w = randn([4, 3, 3, 3], createRng(2));
 * conv2d(x, w, null, { stride: 2, padding: 1 }).shape; // [2, 4, 5, 5]
 */
export function conv2d(x: Tensor, w: Tensor, b: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const g = convGeometry(x.shape, w.shape, options, "conv2d");
  checkBias(b, g, "conv2d");
  const out = uninitialized(g.n * g.oc * g.oh * g.ow);
  forwardK(x.data, w.data, b === null ? null : b.data, g, out, false);
  const opts = { stride: g.stride, padding: g.padding };
  return result(out, outputShape(g), "conv2d", b === null ? [x, w] : [x, w, b], (gy) => {
    const g4 = checkOutputGrad(gy, g, "conv2d");
    return [
      x.requiresGrad ? conv2dInput(g4, w, x.shape, opts) : null,
      w.requiresGrad ? conv2dWeight(x, g4, w.shape, opts) : null,
      b?.requiresGrad ? channelSum(g4) : null,
    ];
  });
}

/**
 * The gradient of `conv2d` with respect to its input (a transposed convolution, PyTorch's
 * `torch.nn.grad.conv2d_input`): gy (N, outC, oh, ow) and w give the (N, C, H, W) tensor of shape
 * `inputShape` (needed because a stride loses the input's last rows). Linear in gy and in w, and
 * differentiable in both (its adjoints are `conv2d` and `conv2dWeight`).
 * @example
 * const gx = conv2dInput(gy, w, x.shape, { stride: 2, padding: 1 });
 */
export function conv2dInput(gy: Tensor, w: Tensor, inputShape: Shape, options: Conv2dOptions = {}): Tensor {
  const g = convGeometry(inputShape, w.shape, options, "conv2dInput");
  const g4 = checkOutputGrad(gy, g, "conv2dInput");
  const out = uninitialized(sizeOf(inputShape));
  inputGradK(g4.data, w.data, g, out, null);
  const opts = { stride: g.stride, padding: g.padding };
  return result(out, [...inputShape], "conv2dInput", [g4, w], (gg) => [
    g4.requiresGrad ? conv2d(gg, w, null, opts) : null,
    w.requiresGrad ? conv2dWeight(gg, g4, w.shape, opts) : null,
  ]);
}

/**
 * The gradient of `conv2d` with respect to its weight (PyTorch's `torch.nn.grad.conv2d_weight`):
 * Σₙ gy[n] · im2col(x[n])ᵀ reshaped to `weightShape` (outC, C, kh, kw). Bilinear in x and gy, and
 * differentiable in both (its adjoints are `conv2dInput` and `conv2d`).
 * @example
 * const gw = conv2dWeight(x, gy, w.shape, { padding: 1 });
 */
export function conv2dWeight(x: Tensor, gy: Tensor, weightShape: Shape, options: Conv2dOptions = {}): Tensor {
  const g = convGeometry(x.shape, weightShape, options, "conv2dWeight");
  const g4 = checkOutputGrad(gy, g, "conv2dWeight");
  const out = new Float64Array(sizeOf(weightShape));
  weightGradK(x.data, g4.data, g, out, null, null);
  const opts = { stride: g.stride, padding: g.padding };
  return result(out, [...weightShape], "conv2dWeight", [x, g4], (gg) => [
    x.requiresGrad ? conv2dInput(g4, gg, x.shape, opts) : null,
    g4.requiresGrad ? conv2d(x, gg, null, opts) : null,
  ]);
}

/**
 * relu(conv2d(x, w, b)) as one op: the same values and gradients as `conv2d` followed by `relu`,
 * without the batch-sized pre-activation array, and with the ReLU's backward folded into the
 * convolution's (the output's sign is the mask). Second derivatives go through `conv2dInput` and
 * `conv2dWeight` as for `conv2d` (ReLU's own is zero away from 0).
 * @throws as `conv2d`.
 * @example
 * conv2dRelu(x, w, b, { padding: 2 }); // equals conv2d(x, w, b, { padding: 2 }).relu()
 */
export function conv2dRelu(
  x: Tensor,
  w: Tensor,
  b: Tensor | null = null,
  options: Conv2dOptions = {},
): Tensor {
  const g = convGeometry(x.shape, w.shape, options, "conv2dRelu");
  checkBias(b, g, "conv2dRelu");
  const out = uninitialized(g.n * g.oc * g.oh * g.ow);
  forwardK(x.data, w.data, b === null ? null : b.data, g, out, true);
  const opts = { stride: g.stride, padding: g.padding };
  return result(out, outputShape(g), "conv2dRelu", b === null ? [x, w] : [x, w, b], (gy) => {
    const g4 = checkOutputGrad(gy, g, "conv2dRelu");
    if (isGradEnabled()) {
      // Recording a graph (a second derivative): the composition, in differentiable ops.
      const gz = mul(
        g4,
        result(reluMask(out), g4.shape, "relu'", [], () => []),
      );
      return [
        x.requiresGrad ? conv2dInput(gz, w, x.shape, opts) : null,
        w.requiresGrad ? conv2dWeight(x, gz, w.shape, opts) : null,
        b?.requiresGrad ? channelSum(gz) : null,
      ];
    }
    const constant = (data: Float64Array, shape: Shape) => result(data, shape, "conv2dRelu'", [], () => []);
    let gx: Tensor | null = null;
    if (x.requiresGrad) {
      const d = uninitialized(x.size);
      inputGradK(g4.data, w.data, g, d, out);
      gx = constant(d, x.shape);
    }
    let gw: Tensor | null = null;
    const db = b?.requiresGrad ? new Float64Array(g.oc) : null;
    if (w.requiresGrad) {
      const d = new Float64Array(w.size);
      weightGradK(x.data, g4.data, g, d, null, out, db);
      gw = constant(d, w.shape);
    } else if (db !== null) channelSumK(g4.data, g.n, g.oc, g.oh * g.ow, db, out);
    const gb = db === null ? null : constant(db, [g.oc]);
    return [gx, gw, gb];
  });
}

function reluMask(y: Float64Array): Float64Array {
  const m = uninitialized(y.length);
  for (let i = 0; i < y.length; i++) m[i] = +(y[i] > 0);
  return m;
}

/**
 * Per-example weight and bias gradients of a convolution, written into rows of an N × P matrix:
 * row n gets scale · gy[n] · im2col(x[n])ᵀ (outC × C·kh·kw, i.e. the weight's (outC, C, kh, kw)
 * order) at `weightOffset` and scale · Σ_positions gy[n] at `biasOffset` (when ≥ 0). One small
 * gemm per example. With `mask` (the output of a fused `conv2dRelu`), gy counts only where the mask
 * is positive. For `perSampleGradients`.
 * @example
 * conv2dPerSample(x, gy, w.shape, {}, G, P, 0, 200, N);
 */
export function conv2dPerSample(
  x: Tensor,
  gy: Tensor,
  weightShape: Shape,
  options: Conv2dOptions,
  out: Float64Array,
  rowLength: number,
  weightOffset: number,
  biasOffset: number,
  scale: number,
  mask: Float64Array | null = null,
): Float64Array {
  const g = convGeometry(x.shape, weightShape, options, "conv2dPerSample");
  const s = checkOutputGrad(gy, g, "conv2dPerSample").data;
  weightGradK(x.data, s, g, null, { out, rowLength, offset: weightOffset, scale }, mask);
  if (biasOffset >= 0) perSampleBiasK(s, g, out, rowLength, biasOffset, scale, mask);
  return out;
}
