import { InvalidArgumentError, type Rng, ShapeMismatchError } from "@langevin/core";
import { add } from "../ops/binary.js";
import { matmul } from "../ops/matmul.js";
import { flatten } from "../ops/shape.js";
import { relu, sigmoid, softplus, tanh } from "../ops/unary.js";
import { fmt, sameShape, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { type InitScheme, initWeights } from "./init.js";

/** What a layer with parameters saw in a recorded forward pass (for per-example gradients). */
export interface TapeRecord {
  /** The layer. */
  layer: Layer;
  /** Its input (batch first). */
  input: Tensor;
  /** Its output, computed with constant parameters (its gradient is every example's signal). */
  output: Tensor;
}

/** @deprecated The tape records every layer with parameters, not only linear ones: use `TapeRecord`. */
export type LinearRecord = TapeRecord;

/** Where a layer writes its per-example gradients (see `Layer.perSampleGradients`). */
export interface PerSampleTarget {
  /** The N × P matrix of per-example gradients, row-major. */
  out: Float64Array;
  /** P, the length of a row. */
  rowLength: number;
  /** The offset within a row of each of the layer's parameters, in `parameters()` order. */
  offsets: readonly number[];
  /** A factor for every gradient (N, which undoes the batch mean of the loss). */
  scale: number;
}

/**
 * A layer of a `Sequential` model. A layer with parameters also implements `setParameters` (so the
 * model can keep them in its one flat vector) and, for `perSampleGradients`, `perSampleGradients`.
 */
export interface Layer {
  /** Parameters (leaves), in a fixed order. */
  parameters(): Tensor[];
  /**
   * Replaces the parameters by `params` (same order and shapes as `parameters()`): `Sequential`
   * passes views into its flat vector. Needed when `parameters()` is not empty.
   */
  setParameters?(params: Tensor[]): void;
  /**
   * Applies the layer. `params` replaces `parameters()` (same order and sizes, possibly flat) for
   * functional evaluation over a flat vector; `tape`, when given, records layers with parameters
   * (see `recordOnTape`).
   */
  forward(x: Tensor, params?: Tensor[], tape?: TapeRecord[]): Tensor;
  /**
   * Writes every example's gradient of this layer's parameters into `target`, from the recorded
   * input and `signal`, the gradient of the batch loss with respect to the recorded output (each
   * example's row of it is that example's signal, divided by N). Needed by `perSampleGradients`
   * when `parameters()` is not empty.
   */
  perSampleGradients?(record: TapeRecord, signal: Tensor, target: PerSampleTarget): void;
}

/**
 * The per-example mode of a layer with parameters: evaluates `apply` with the parameters as
 * constants and records the input and output on the tape. The output of the first such layer
 * becomes a leaf that requires gradients, so that its signal can be asked for.
 * @example
 * if (tape) return recordOnTape(this, x, [w, b], ([cw, cb]) => add(matmul(x, cw), cb), tape);
 */
export function recordOnTape(
  layer: Layer,
  x: Tensor,
  params: Tensor[],
  apply: (constants: Tensor[]) => Tensor,
  tape: TapeRecord[],
): Tensor {
  let z = apply(params.map((p) => new Tensor(p.data, p.shape)));
  if (!z.requiresGrad) {
    z = new Tensor(z.data, z.shape);
    z.requiresGrad = true;
  }
  tape.push({ layer, input: x, output: z });
  return z;
}

/** `p` in the shape of `like` (a flat slice of a parameter vector is reshaped, a view). */
export function shapedLike(p: Tensor, like: Tensor): Tensor {
  return sameShape(p.shape, like.shape) ? p : p.reshape(like.shape);
}

/**
 * Checks that `value` is a positive integer and returns it.
 * @throws InvalidArgumentError naming `argument`.
 * @example
 * positiveInteger(3, "inFeatures"); // 3
 */
export function positiveInteger(value: number, argument: string): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidArgumentError(argument, `must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * The weight and optional bias of `Linear` and `Conv2d`: initialisation (fan-in and fan-out given
 * by the layer; the bias starts at zero), `parameters`, `setParameters`, and the parameters of one
 * forward pass.
 */
export abstract class WeightBias {
  /** Weight. */
  weight: Tensor;
  /** Bias (one per output), or null. */
  bias: Tensor | null;

  constructor(
    shape: number[],
    fanIn: number,
    fanOut: number,
    outputs: number,
    rng: Rng,
    options: { bias?: boolean; init?: InitScheme },
  ) {
    const w = initWeights(new Float64Array(sizeOf(shape)), fanIn, fanOut, options.init ?? "glorot", rng);
    this.weight = new Tensor(w, shape);
    this.weight.requiresGrad = true;
    this.bias = options.bias === false ? null : new Tensor(new Float64Array(outputs), [outputs]);
    if (this.bias) this.bias.requiresGrad = true;
  }

  /** The weight, then the bias when there is one. */
  parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  /** Replaces weight and bias by `params` (views into a model's flat vector). */
  setParameters(params: Tensor[]): void {
    this.weight = params[0];
    if (this.bias) this.bias = params[1];
  }

  /** The weight and bias of a forward pass: the layer's own, or `params` (flat slices) in their shapes. */
  protected current(params?: Tensor[]): [Tensor, Tensor | null] {
    const w = params ? shapedLike(params[0], this.weight) : this.weight;
    const b = this.bias ? (params ? shapedLike(params[1], this.bias) : this.bias) : null;
    return [w, b];
  }
}

/**
 * y = x W + b with W stored (in × out) row-major and b of length out.
 * @example
 * const layer = new Linear(3, 2, createRng(0));
 * layer.forward(tensor([1, 2, 3], [1, 3])); // shape [1, 2]
 */
export class Linear extends WeightBias implements Layer {
  constructor(
    /** Inputs per example. */
    readonly inFeatures: number,
    /** Outputs per example. */
    readonly outFeatures: number,
    rng: Rng,
    options: { bias?: boolean; init?: InitScheme } = {},
  ) {
    positiveInteger(inFeatures, "inFeatures");
    positiveInteger(outFeatures, "outFeatures");
    super([inFeatures, outFeatures], inFeatures, outFeatures, outFeatures, rng, options);
  }

  forward(x: Tensor, params?: Tensor[], tape?: TapeRecord[]): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) {
      throw new ShapeMismatchError(
        "x",
        `linear: input of shape ${fmt(x.shape)} for a layer with ${this.inFeatures} inputs (expected [batch,${this.inFeatures}])`,
      );
    }
    const [w, b] = this.current(params);
    const apply = (ws: Tensor, bs: Tensor | null) => (bs ? add(matmul(x, ws), bs) : matmul(x, ws));
    if (tape) return recordOnTape(this, x, b ? [w, b] : [w], ([cw, cb]) => apply(cw, cb ?? null), tape);
    return apply(w, b);
  }

  /** Per example n: the outer product of its input row aₙ and its signal sₙ (W), and sₙ (b). */
  perSampleGradients(record: TapeRecord, signal: Tensor, target: PerSampleTarget): void {
    const { out, rowLength, offsets, scale } = target;
    const a = record.input.data;
    const s = signal.data;
    const n = record.input.shape[0];
    const fin = this.inFeatures;
    const fout = this.outFeatures;
    const wo = offsets[0];
    const bo = this.bias ? offsets[1] : -1;
    for (let r = 0; r < n; r++) {
      const row = r * rowLength;
      const ar = r * fin;
      const sr = r * fout;
      for (let i = 0; i < fin; i++) {
        const ai = a[ar + i] * scale;
        const base = row + wo + i * fout;
        for (let j = 0; j < fout; j++) out[base + j] = ai * s[sr + j];
      }
      if (bo >= 0) for (let j = 0; j < fout; j++) out[row + bo + j] = scale * s[sr + j];
    }
  }
}

/** Element-wise activations by name. */
export type ActivationName = "tanh" | "relu" | "sigmoid" | "softplus" | "identity";

const activations: Record<ActivationName, (x: Tensor) => Tensor> = {
  tanh,
  relu,
  sigmoid,
  softplus,
  identity: (x) => x,
};

/**
 * Flattens (N, …) to (N, ·) between convolutional and linear layers (no parameters).
 * @example
 * new Flatten().forward(zeros([2, 16, 2, 2])).shape; // [2, 64]
 */
export class Flatten implements Layer {
  parameters(): Tensor[] {
    return [];
  }
  forward(x: Tensor): Tensor {
    return flatten(x);
  }
}

/**
 * A parameter-free element-wise layer.
 * @example
 * new Activation("tanh").forward(tensor([0, 1]));
 */
export class Activation implements Layer {
  private readonly fn: (x: Tensor) => Tensor;
  constructor(
    /** The activation function's name. */
    readonly name: ActivationName,
  ) {
    const fn = activations[name];
    if (!fn) {
      throw new InvalidArgumentError(
        "activation",
        `unknown activation "${name}" (${Object.keys(activations).join(", ")})`,
      );
    }
    this.fn = fn;
  }
  parameters(): Tensor[] {
    return [];
  }
  forward(x: Tensor): Tensor {
    return this.fn(x);
  }
}

/**
 * A linear layer y = xW + b (W is in × out).
 * @example
 * const layer = nn.linear(3, 2, createRng(0));
 */
export function linear(
  inFeatures: number,
  outFeatures: number,
  rng: Rng,
  options: { bias?: boolean; init?: InitScheme } = {},
): Linear {
  return new Linear(inFeatures, outFeatures, rng, options);
}
