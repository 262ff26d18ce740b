import { type Rng, ShapeMismatchError } from "@langevin/core";
import { type Pair, pair } from "../kernels/window.js";
import { type Conv2dOptions, conv2d, conv2dPerSample, conv2dRelu } from "../ops/conv.js";
import { fmt } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { InitScheme } from "./init.js";
import {
  type Layer,
  type PerSampleTarget,
  positiveInteger,
  recordOnTape,
  type TapeRecord,
  WeightBias,
} from "./layers.js";

/** Options of a `Conv2d` layer. */
export interface Conv2dLayerOptions extends Conv2dOptions {
  /** Whether the layer has a bias (default true). */
  bias?: boolean;
  /** Weight initialisation with fan-in C·kh·kw and fan-out outC·kh·kw (default "glorot"); biases start at zero. */
  init?: InitScheme;
  /**
   * Apply a ReLU inside the layer (`conv2dRelu`): the values and gradients of this layer followed by
   * `Activation("relu")`, without a second batch-sized array (default false).
   */
  relu?: boolean;
}

/**
 * A 2-D convolution layer, y = conv2d(x, W, b) on NCHW input. W has PyTorch's shape (outC, inC,
 * kh, kw) and b (outC); in a `Sequential`'s flat vector the layer's block is W row-major in that
 * order, then b, so it compares entry by entry with PyTorch's `weight.flatten()` and `bias`.
 * @example
 * const layer = new Conv2d(1, 8, 5, createRng(0), { padding: 2 });
 * layer.forward(zeros([2, 1, 28, 28])).shape; // [2, 8, 28, 28]
 */
export class Conv2d extends WeightBias implements Layer {
  /** Window size, stride and padding, [rows, columns]. */
  readonly kernel: [number, number];
  /** Step between windows, [rows, columns]. */
  readonly stride: [number, number];
  /** Zero padding on each side, [rows, columns]. */
  readonly padding: [number, number];
  /** Whether a ReLU is applied inside the layer. */
  readonly relu: boolean;

  constructor(
    /** Input channels. */
    readonly inChannels: number,
    /** Output channels (filters). */
    readonly outChannels: number,
    kernel: Pair,
    rng: Rng,
    options: Conv2dLayerOptions = {},
  ) {
    positiveInteger(inChannels, "inChannels");
    positiveInteger(outChannels, "outChannels");
    const [kh, kw] = pair(kernel, undefined, "kernel", "Conv2d", 1);
    const stride = pair(options.stride, 1, "stride", "Conv2d", 1);
    const padding = pair(options.padding, 0, "padding", "Conv2d", 0);
    // PyTorch's fans: fan-in C·kh·kw, fan-out outC·kh·kw.
    const shape = [outChannels, inChannels, kh, kw];
    super(shape, inChannels * kh * kw, outChannels * kh * kw, outChannels, rng, options);
    this.kernel = [kh, kw];
    this.stride = stride;
    this.padding = padding;
    this.relu = options.relu ?? false;
  }

  forward(x: Tensor, params?: Tensor[], tape?: TapeRecord[]): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeMismatchError(
        "x",
        `Conv2d: input of shape ${fmt(x.shape)} for a layer with ${this.inChannels} input channels (expected [batch,${this.inChannels},H,W])`,
      );
    }
    const [w, b] = this.current(params);
    const options = { stride: this.stride, padding: this.padding };
    const op = this.relu ? conv2dRelu : conv2d;
    if (tape) {
      return recordOnTape(this, x, b ? [w, b] : [w], ([cw, cb]) => op(x, cw, cb ?? null, options), tape);
    }
    return op(x, w, b, options);
  }

  /**
   * Per example n: signal sₙ (outC × positions) times im2col(xₙ)ᵀ, one small gemm; Σ sₙ for b. With
   * the fused ReLU the signal counts where the recorded output is positive.
   */
  perSampleGradients(record: TapeRecord, signal: Tensor, target: PerSampleTarget): void {
    conv2dPerSample(
      record.input,
      signal,
      this.weight.shape,
      { stride: this.stride, padding: this.padding },
      target.out,
      target.rowLength,
      target.offsets[0],
      this.bias ? target.offsets[1] : -1,
      target.scale,
      this.relu ? record.output.data : null,
    );
  }
}
