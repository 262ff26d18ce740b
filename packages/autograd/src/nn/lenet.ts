import { InvalidArgumentError, type Rng } from "@langevin/core";
import { Conv2d } from "./conv.js";
import type { InitScheme } from "./init.js";
import { Activation, Flatten, type Layer, Linear, positiveInteger } from "./layers.js";
import { MaxPool2d } from "./pool.js";
import { Sequential } from "./sequential.js";

/** Options of `lenet`; the defaults are Chaudhari & Soatto's "lenets" on MNIST. */
export interface LenetOptions {
  /** Input (channels, height, width); default [1, 28, 28]. */
  input?: readonly [number, number, number];
  /** Channels of the two convolutions; default [8, 16]. */
  channels?: readonly [number, number];
  /** Units of the hidden fully connected layer; default 32. */
  hidden?: number;
  /** Classes (outputs); default 10. */
  classes?: number;
  /** Weight initialisation (default "he", for ReLU); biases start at zero. */
  init?: InitScheme;
  /** Random numbers for the weights. */
  rng: Rng;
}

/**
 * The small LeNet of Chaudhari & Soatto's experiments (`lenet` in github.com/pratikac/grad-info,
 * whose "lenets" has 8 and 16 channels and 32 hidden units), without batch norm and dropout:
 * conv 5×5 (c₁) → ReLU → max-pool 3 (stride 3) → conv 5×5 (c₂) → ReLU → max-pool 2 → flatten →
 * linear (hidden) → ReLU → linear (classes). On 28×28 images the maps are 24 → 8 → 4 → 2, so the
 * first linear layer has c₂·2·2 = 64 inputs and the default network 5 834 parameters.
 * @throws InvalidArgumentError for sizes that are not positive integers or an input too small for
 * the two convolutions and pools (at least 22×22).
 * @example
 * const model = nn.lenet({ rng: createRng(1) });
 * model.size; // 5834
 * model.forward(zeros([4, 1, 28, 28])).shape; // [4, 10]
 */
export function lenet(options: LenetOptions): Sequential {
  const [c, h, w] = options.input ?? [1, 28, 28];
  const [c1, c2] = options.channels ?? [8, 16];
  const hidden = positiveInteger(options.hidden ?? 32, "hidden");
  const classes = positiveInteger(options.classes ?? 10, "classes");
  positiveInteger(c, "input[0]");
  positiveInteger(c1, "channels[0]");
  positiveInteger(c2, "channels[1]");
  // conv 5 (valid), pool 3/3, conv 5, pool 2/2, each size by PyTorch's floor formula; the second
  // convolution needs the first pool's output to be at least 6 (2 after it), hence 22.
  const after = (size: number) => Math.floor((Math.floor((size - 4 - 3) / 3) + 1 - 4 - 2) / 2) + 1;
  if (!(positiveInteger(h, "input[1]") >= 22 && positiveInteger(w, "input[2]") >= 22)) {
    throw new InvalidArgumentError("input", `lenet needs images of at least 22×22, got ${h}×${w}`);
  }
  const [fh, fw] = [after(h), after(w)];
  const init = options.init ?? "he";
  const rng = options.rng;
  const layers: Layer[] = [
    // The convolutions' ReLUs run inside them (`relu: true`): the same function and gradients as a
    // separate Activation layer, without a second batch-sized array per convolution.
    new Conv2d(c, c1, 5, rng, { init, relu: true }),
    new MaxPool2d({ kernel: 3, stride: 3 }),
    new Conv2d(c1, c2, 5, rng, { init, relu: true }),
    new MaxPool2d({ kernel: 2 }),
    new Flatten(),
    new Linear(c2 * fh * fw, hidden, rng, { init }),
    new Activation("relu"),
    new Linear(hidden, classes, rng, { init }),
  ];
  return new Sequential(layers);
}
