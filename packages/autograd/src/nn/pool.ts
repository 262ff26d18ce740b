import {
  type AvgPool2dOptions,
  avgPool2d,
  maxPool2d,
  type Pool2dOptions,
  type PoolWindow,
  poolWindow,
} from "../ops/pool.js";
import type { Tensor } from "../tensor.js";
import type { Layer } from "./layers.js";

/**
 * Max pooling as a layer (no parameters); see `maxPool2d`.
 * @example
 * new MaxPool2d({ kernel: 3 }).forward(zeros([1, 8, 24, 24])).shape; // [1, 8, 8, 8]
 */
export class MaxPool2d implements Layer {
  /** The resolved window (checked on construction). */
  readonly window: PoolWindow;
  constructor(options: Pool2dOptions) {
    this.window = poolWindow(options, "MaxPool2d");
  }
  parameters(): Tensor[] {
    return [];
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.window);
  }
}

/**
 * Average pooling as a layer (no parameters); see `avgPool2d`.
 * @example
 * new AvgPool2d({ kernel: 2 }).forward(zeros([1, 8, 24, 24])).shape; // [1, 8, 12, 12]
 */
export class AvgPool2d implements Layer {
  /** The resolved window (checked on construction). */
  readonly window: PoolWindow;
  private readonly options: AvgPool2dOptions;
  constructor(options: AvgPool2dOptions) {
    this.window = poolWindow(options, "AvgPool2d");
    this.options = { ...this.window, countIncludePad: options.countIncludePad ?? true };
  }
  parameters(): Tensor[] {
    return [];
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.options);
  }
}
