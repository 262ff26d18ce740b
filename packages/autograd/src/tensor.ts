import { InvalidArgumentError, NonFiniteError, type Rng } from "@langevin/core";
import { backward } from "./engine.js";
import { isDebug, isGradEnabled } from "./mode.js";
import { add, div, mul, pow, sub } from "./ops/binary.js";
import { matmul } from "./ops/matmul.js";
import { mean, sum } from "./ops/reduce.js";
import { reshape, slice, transpose } from "./ops/shape.js";
import { exp, log, neg, relu, sigmoid, softplus, tanh } from "./ops/unary.js";
import { checkShape, fmt, type Shape, sizeOf } from "./shape.js";

/** A backward rule: maps the gradient of the output to the gradients of the inputs (null = none). */
export type BackwardRule = (gradOutput: Tensor) => (Tensor | null)[];

/** A tensor or a plain number (numbers become constant scalars). */
export type TensorLike = Tensor | number;

/**
 * A dense row-major array of float64 with a shape, a node of the reverse-mode graph.
 *
 * `data` is the values, `grad` the accumulated gradient after `backward()` (same length as `data`,
 * null before). Operations are methods (`a.mul(b).add(1)`) and free functions (`mul(a, b)`).
 * @example
 * const x = tensor([1, 2, 3], [3], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad; // [2, 4, 6]
 */
export class Tensor {
  /** Whether gradients flow to this tensor (leaves: set by the user; results: any input requires it). */
  requiresGrad = false;
  /** Gradient of the last backward pass (accumulated for leaves, overwritten for results). */
  grad: Float64Array | null = null;
  /** The operation that produced this tensor ("leaf" for inputs). */
  op = "leaf";
  /** Inputs of the operation (null for leaves and for results computed without a graph). */
  parents: Tensor[] | null = null;
  /** The backward rule of the operation. */
  backwardRule: BackwardRule | null = null;
  /** Number of elements. */
  readonly size: number;

  constructor(
    /** The values, row-major. */
    readonly data: Float64Array,
    /** The dimensions; `[]` for a scalar. */
    readonly shape: Shape,
  ) {
    this.size = data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new InvalidArgumentError("tensor", `item() needs one element, shape is ${fmt(this.shape)}`);
    return this.data[0];
  }

  /** A leaf sharing the data, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Marks this leaf as needing gradients and returns it. */
  requireGrad(on = true): this {
    this.requiresGrad = on;
    return this;
  }

  /** Sets the gradient to zeros (keeping the array, so flat-gradient views stay valid). */
  zeroGrad(): void {
    if (this.grad) this.grad.fill(0);
  }

  /**
   * Reverse-mode pass from this tensor: fills `grad` of every tensor in its graph. A scalar is seeded
   * with 1; any other shape needs `seed` (the gradient of some scalar with respect to this tensor).
   * Leaves accumulate (+=) into `grad`; call `zeroGrad` between steps.
   */
  backward(seed?: Tensor | Float64Array): void {
    backward(this, seed);
  }

  /** Elementwise this + b, with broadcasting; see {@link add}. */
  add(b: TensorLike): Tensor {
    return add(this, b);
  }
  /** Elementwise this − b, with broadcasting; see {@link sub}. */
  sub(b: TensorLike): Tensor {
    return sub(this, b);
  }
  /** Elementwise this · b, with broadcasting; see {@link mul}. */
  mul(b: TensorLike): Tensor {
    return mul(this, b);
  }
  /** Elementwise this / b, with broadcasting; see {@link div}. */
  div(b: TensorLike): Tensor {
    return div(this, b);
  }
  /** Elementwise this^p for a constant exponent; see {@link pow}. */
  pow(p: number): Tensor {
    return pow(this, p);
  }
  /** −this; see {@link neg}. */
  neg(): Tensor {
    return neg(this);
  }
  /** Elementwise eˣ; see {@link exp}. */
  exp(): Tensor {
    return exp(this);
  }
  /** Elementwise natural logarithm; see {@link log}. */
  log(): Tensor {
    return log(this);
  }
  /** Elementwise tanh; see {@link tanh}. */
  tanh(): Tensor {
    return tanh(this);
  }
  /** Elementwise max(0, x); see {@link relu}. */
  relu(): Tensor {
    return relu(this);
  }
  /** Elementwise 1/(1 + e⁻ˣ); see {@link sigmoid}. */
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  /** Elementwise log(1 + eˣ); see {@link softplus}. */
  softplus(): Tensor {
    return softplus(this);
  }
  /** Matrix product this · b of 2-D tensors; see {@link matmul}. */
  matmul(b: Tensor): Tensor {
    return matmul(this, b);
  }
  /** Sum over all entries, or over `axis` (kept as size 1 with `keepDims`); see {@link sum}. */
  sum(axis?: number, keepDims = false): Tensor {
    return sum(this, axis, keepDims);
  }
  /** Mean over all entries, or over `axis`; see {@link mean}. */
  mean(axis?: number, keepDims = false): Tensor {
    return mean(this, axis, keepDims);
  }
  /** The same values with another shape of the same size; see {@link reshape}. */
  reshape(shape: Shape): Tensor {
    return reshape(this, shape);
  }
  /** Transpose of a 2-D tensor; see {@link transpose}. */
  transpose(): Tensor {
    return transpose(this);
  }
  /** Rows `start .. end − 1` along the first axis; see {@link slice}. */
  slice(start: number, end: number): Tensor {
    return slice(this, start, end);
  }
}

/**
 * Creates the result of an operation: records `parents` and `rule` when grad mode is on and some
 * parent requires gradients; in debug mode checks the values. For writing new operations.
 * @example
 * const out = result(new Float64Array([2 * x.data[0]]), [], "double", [x], (g) => [g.mul(2)]);
 */
export function result(
  data: Float64Array,
  shape: Shape,
  op: string,
  parents: Tensor[],
  rule: BackwardRule,
): Tensor {
  const t = new Tensor(data, shape);
  t.op = op;
  if (isDebug()) checkFinite(data, op, shape);
  if (isGradEnabled()) {
    for (const p of parents) {
      if (p.requiresGrad) {
        t.requiresGrad = true;
        t.parents = parents;
        t.backwardRule = rule;
        break;
      }
    }
  }
  return t;
}

function checkFinite(data: Float64Array, op: string, shape: Shape): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(
        `${op} produced ${v} at flat index ${i} of its output of shape ${fmt(shape)}`,
        {
          op,
          index: i,
          value: v,
        },
      );
    }
  }
}

/**
 * A tensor from values (copied) and a shape (default: 1-D of the data's length).
 * @example
 * const x = tensor([1, 2, 3, 4, 5, 6], [2, 3], { requiresGrad: true });
 */
export function tensor(
  values: ArrayLike<number>,
  shape?: Shape,
  options: { requiresGrad?: boolean } = {},
): Tensor {
  const data = Float64Array.from(values);
  const s = shape ? [...shape] : [data.length];
  checkShape(s, "shape");
  if (sizeOf(s) !== data.length) {
    throw new InvalidArgumentError(
      "shape",
      `${fmt(s)} holds ${sizeOf(s)} elements, got ${data.length} values`,
    );
  }
  const t = new Tensor(data, s);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

/**
 * A tensor over an existing Float64Array, without copying (writes to `data` show in the tensor).
 * @example
 * const flat = new Float64Array(6);
 * const w = fromArray(flat.subarray(0, 6), [2, 3]);
 */
export function fromArray(
  data: Float64Array,
  shape?: Shape,
  options: { requiresGrad?: boolean } = {},
): Tensor {
  const s = shape ? [...shape] : [data.length];
  checkShape(s, "shape");
  if (sizeOf(s) !== data.length) {
    throw new InvalidArgumentError(
      "shape",
      `${fmt(s)} holds ${sizeOf(s)} elements, got ${data.length} values`,
    );
  }
  const t = new Tensor(data, s);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

/**
 * A scalar (shape `[]`).
 * @example
 * scalar(2).mul(tensor([1, 2])); // [2, 4]
 */
export function scalar(value: number, options: { requiresGrad?: boolean } = {}): Tensor {
  const t = new Tensor(new Float64Array([value]), []);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

/**
 * Zeros of a shape.
 * @example
 * zeros([2, 3]);
 */
export function zeros(shape: Shape, options: { requiresGrad?: boolean } = {}): Tensor {
  checkShape(shape, "shape");
  const t = new Tensor(new Float64Array(sizeOf(shape)), [...shape]);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

/**
 * Ones of a shape.
 * @example
 * ones([3]);
 */
export function ones(shape: Shape, options: { requiresGrad?: boolean } = {}): Tensor {
  const t = zeros(shape, options);
  t.data.fill(1);
  return t;
}

/**
 * Standard normal entries from a seeded generator.
 * @example
 * const x = randn([4, 3], createRng(1));
 */
export function randn(shape: Shape, rng: Rng, options: { requiresGrad?: boolean } = {}): Tensor {
  const t = zeros(shape, options);
  rng.fillNormal(t.data);
  return t;
}

/**
 * A number as a constant scalar tensor, a tensor unchanged.
 * @example
 * asTensor(2).shape; // []
 */
export function asTensor(x: TensorLike): Tensor {
  return typeof x === "number" ? new Tensor(new Float64Array([x]), []) : x;
}
