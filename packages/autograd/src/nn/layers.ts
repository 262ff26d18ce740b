import { InvalidArgumentError, type Rng, ShapeMismatchError } from "@langevin/core";
import { add } from "../ops/binary.js";
import { matmul } from "../ops/matmul.js";
import { relu, sigmoid, softplus, tanh } from "../ops/unary.js";
import { fmt } from "../shape.js";
import { Tensor } from "../tensor.js";
import { type InitScheme, initWeights } from "./init.js";

/** What a linear layer saw in a recorded forward pass (for per-example gradients). */
export interface LinearRecord {
  /** The layer. */
  layer: Linear;
  /** Its input (batch × in). */
  input: Tensor;
  /** Its pre-activation output (batch × out), computed with constant parameters. */
  output: Tensor;
}

/** A layer of a `Sequential` model. */
export interface Layer {
  /** Parameters (leaves), in a fixed order. */
  parameters(): Tensor[];
  /**
   * Applies the layer. `params` replaces `parameters()` (same order and shapes) for functional
   * evaluation over a flat vector; `tape`, when given, records linear layers.
   */
  forward(x: Tensor, params?: Tensor[], tape?: LinearRecord[]): Tensor;
}

/**
 * y = x W + b with W stored (in × out) row-major and b of length out.
 * @example
 * const layer = new Linear(3, 2, createRng(0));
 * layer.forward(tensor([1, 2, 3], [1, 3])); // shape [1, 2]
 */
export class Linear implements Layer {
  /** Weight (in × out). */
  weight: Tensor;
  /** Bias (out), or null. */
  bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    options: { bias?: boolean; init?: InitScheme } = {},
  ) {
    for (const [name, v] of [
      ["inFeatures", inFeatures],
      ["outFeatures", outFeatures],
    ] as const) {
      if (!(Number.isInteger(v) && v > 0))
        throw new InvalidArgumentError(name, `must be a positive integer, got ${v}`);
    }
    const w = initWeights(
      new Float64Array(inFeatures * outFeatures),
      inFeatures,
      outFeatures,
      options.init ?? "glorot",
      rng,
    );
    this.weight = new Tensor(w, [inFeatures, outFeatures]);
    this.weight.requiresGrad = true;
    this.bias = options.bias === false ? null : new Tensor(new Float64Array(outFeatures), [outFeatures]);
    if (this.bias) this.bias.requiresGrad = true;
  }

  parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  forward(x: Tensor, params?: Tensor[], tape?: LinearRecord[]): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) {
      throw new ShapeMismatchError(
        "x",
        `linear: input of shape ${fmt(x.shape)} for a layer with ${this.inFeatures} inputs (expected [batch,${this.inFeatures}])`,
      );
    }
    let w = params ? params[0] : this.weight;
    let b = this.bias ? (params ? params[1] : this.bias) : null;
    if (params) {
      if (w.ndim !== 2) w = w.reshape(this.weight.shape);
      if (b && b.ndim !== 1) b = b.reshape(this.bias!.shape);
    }
    if (tape) {
      // Per-example mode: parameters are constants; the output's gradient is the back-propagated
      // signal of every example. The first layer's output becomes a leaf that requires gradients.
      let z = matmul(x, new Tensor(w.data, w.shape));
      if (b) z = add(z, new Tensor(b.data, b.shape));
      if (!z.requiresGrad) {
        z = new Tensor(z.data, z.shape);
        z.requiresGrad = true;
      }
      tape.push({ layer: this, input: x, output: z });
      return z;
    }
    const z = matmul(x, w);
    return b ? add(z, b) : z;
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
 * A parameter-free element-wise layer.
 * @example
 * new Activation("tanh").forward(tensor([0, 1]));
 */
export class Activation implements Layer {
  private readonly fn: (x: Tensor) => Tensor;
  constructor(readonly name: ActivationName) {
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
