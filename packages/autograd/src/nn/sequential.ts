import { InvalidArgumentError, type Rng, ShapeMismatchError } from "@langevin/core";
import { slice } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import type { InitScheme } from "./init.js";
import { Activation, type ActivationName, type Layer, Linear, type TapeRecord } from "./layers.js";

/** Options of a forward pass. */
export interface ForwardOptions {
  /** Evaluate at this flat parameter tensor (length P) instead of the model's own parameters. */
  params?: Tensor;
  /** Record the input and output of every layer with parameters (per-example gradients). */
  tape?: TapeRecord[];
}

/**
 * Layers applied in order, with all parameters stored in ONE flat Float64Array `flat` (length
 * `size`): every parameter tensor's `data` is a view into it, and every `grad` a view into
 * `flatGrad`. Writing `flat` moves the network; `backward()` accumulates into `flatGrad`.
 * Layout: layer by layer, each layer's `parameters()` in order: a `Linear` layer's W (in × out,
 * row-major) then b (out); a `Conv2d` layer's W (outC, inC, kh, kw) row-major, PyTorch's order,
 * then b (outC). Any layer that implements `setParameters` can hold parameters.
 * @example
 * const model = new Sequential([new Linear(2, 3, rng), new Activation("tanh"), new Linear(3, 1, rng)]);
 * model.flat.length; // 13
 */
export class Sequential {
  /** All parameters, concatenated. */
  readonly flat: Float64Array;
  /** All parameter gradients, concatenated (same layout as `flat`). */
  readonly flatGrad: Float64Array;
  /** Offset of each of `parameters()` in `flat`. */
  readonly offsets: number[];
  private readonly params: Tensor[];
  private readonly layerParamIndex: number[];

  constructor(
    /** The layers, applied in order. */
    readonly layers: Layer[],
  ) {
    const all: Tensor[] = [];
    this.layerParamIndex = [];
    for (const layer of layers) {
      this.layerParamIndex.push(all.length);
      all.push(...layer.parameters());
    }
    let total = 0;
    this.offsets = all.map((p) => {
      const o = total;
      total += p.size;
      return o;
    });
    this.flat = new Float64Array(total);
    this.flatGrad = new Float64Array(total);
    for (let i = 0; i < all.length; i++) this.flat.set(all[i].data, this.offsets[i]);
    // Re-home every parameter as a view into the flat arrays.
    const views: Tensor[] = all.map((p, i) => {
      const o = this.offsets[i];
      const t = new Tensor(this.flat.subarray(o, o + p.size), p.shape);
      t.requiresGrad = true;
      t.grad = this.flatGrad.subarray(o, o + p.size);
      return t;
    });
    let k = 0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      const count = layer.parameters().length;
      if (count > 0) {
        if (typeof layer.setParameters !== "function") {
          throw new InvalidArgumentError(
            "layers",
            `layer ${l} (${layer.constructor.name}) has parameters but no setParameters, so Sequential cannot keep them in its flat vector`,
          );
        }
        layer.setParameters(views.slice(k, k + count));
      }
      k += count;
    }
    this.params = layers.flatMap((l) => l.parameters());
    if (this.params.some((p, i) => p !== views[i])) {
      throw new InvalidArgumentError(
        "layers",
        "a layer's setParameters did not take the given tensors as its parameters (same order as parameters())",
      );
    }
  }

  /** Number of parameters P. */
  get size(): number {
    return this.flat.length;
  }

  /** The parameter tensors (views into `flat`). */
  parameters(): Tensor[] {
    return this.params;
  }

  /** Sets every gradient to zero (`flatGrad.fill(0)`). */
  zeroGrad(): void {
    this.flatGrad.fill(0);
  }

  /** Applies the layers to a batch (batch first: (N × features), or (N, C, H, W) for images). */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const theta = options.params;
    if (theta && theta.size !== this.flat.length) {
      throw new ShapeMismatchError(
        "params",
        `forward: flat parameter vector of length ${theta.size}, model has ${this.flat.length}`,
      );
    }
    let h = x;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      let ps: Tensor[] | undefined;
      if (theta) {
        const first = this.layerParamIndex[l];
        ps = layer.parameters().map((p, j) => {
          const o = this.offsets[first + j];
          return slice(theta, o, o + p.size);
        });
      }
      h = layer.forward(h, ps, options.tape);
    }
    return h;
  }
}

/**
 * A multilayer perceptron: `sizes` = [in, hidden…, out], `activation` between linear layers (none
 * after the last). Weights Glorot-uniform (He-normal for ReLU), biases zero, from `rng`.
 * @example
 * const model = mlp([2, 16, 2], "tanh", createRng(1));
 * const logits = model.forward(tensor([0.1, -0.3], [1, 2]));
 */
export function mlp(
  sizes: number[],
  activation: ActivationName,
  rng: Rng,
  options: { init?: InitScheme } = {},
): Sequential {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new InvalidArgumentError("sizes", `needs at least [in, out], got ${JSON.stringify(sizes)}`);
  }
  const init = options.init ?? (activation === "relu" ? "he" : "glorot");
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1], rng, { init }));
    if (i + 2 < sizes.length) layers.push(new Activation(activation));
  }
  return new Sequential(layers);
}

/**
 * The model's flat parameter vector (a live view: writing it moves the network).
 * @example
 * flatParameters(model).set(saved);
 */
export function flatParameters(model: Sequential): Float64Array {
  return model.flat;
}

/**
 * The model's flat gradient vector (filled by `loss.backward()`).
 * @example
 * const g = flatGradients(model);
 */
export function flatGradients(model: Sequential): Float64Array {
  return model.flatGrad;
}
