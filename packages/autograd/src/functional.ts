import { assertAllFinite, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { gradients } from "./engine.js";
import { isGradEnabled, withGradEnabled } from "./mode.js";
import type { Sequential } from "./nn/sequential.js";
import { mul } from "./ops/binary.js";
import { sum } from "./ops/reduce.js";
import type { Batch, LossFn } from "./persample.js";
import { fmt } from "./shape.js";
import { Tensor } from "./tensor.js";

/** A scalar function of a tensor, written with tensor operations. */
export type ScalarFn = (x: Tensor) => Tensor;

function leaf(x: Tensor | ArrayLike<number>): Tensor {
  const t = x instanceof Tensor ? new Tensor(x.data, x.shape) : new Tensor(Float64Array.from(x), [x.length]);
  t.requiresGrad = true;
  return t;
}

function evaluate(f: ScalarFn, x: Tensor): Tensor {
  const y = f(x);
  if (!(y instanceof Tensor) || y.size !== 1) {
    throw new InvalidArgumentError(
      "f",
      `must return a one-element tensor, got ${y instanceof Tensor ? fmt(y.shape) : typeof y}`,
    );
  }
  return y;
}

/**
 * The gradient of a scalar function as a function: `grad(f)(x)` is ∇f(x), a tensor shaped like x.
 * When x is itself part of a graph (requiresGrad, inside another `grad` or before a `backward`),
 * the result is differentiable, so `grad` nests: `grad((x) => grad(f)(x).mul(v).sum())` is H·v.
 * @example
 * const df = grad((x) => x.pow(3).sum());
 * df(tensor([2])).data; // [12]
 */
export function grad(f: ScalarFn): (x: Tensor | ArrayLike<number>) => Tensor {
  return (x) => {
    const outer = x instanceof Tensor && x.requiresGrad && isGradEnabled();
    const xt = outer ? (x as Tensor) : leaf(x);
    return withGradEnabled(true, () => gradients(evaluate(f, xt), [xt], { createGraph: outer })[0]);
  };
}

/**
 * Value and gradient of a scalar function at a point, as plain numbers (an energy/gradient pair for
 * optimisers and NEB).
 * @example
 * const { value, gradient } = valueAndGrad((x) => x.mul(x).sum())([1, 2]); // 5, [2, 4]
 */
export function valueAndGrad(f: ScalarFn): (x: ArrayLike<number>) => {
  /** f(x). */
  value: number;
  /** ∇f(x), a new array. */
  gradient: Float64Array;
} {
  return (x) =>
    withGradEnabled(true, () => {
      const xt = leaf(x);
      const y = evaluate(f, xt);
      const [g] = gradients(y, [xt]);
      return { value: y.data[0], gradient: Float64Array.from(g.data) };
    });
}

/**
 * The Hessian of f at x as a linear operator: the graph of ∇f is built once (with second-order
 * information), and each call `(v, out)` writes H·v into `out` with one more backward pass over it.
 * @example
 * const H = hessianOperator(f, x0);
 * H(v, out); // out = ∇²f(x0) v
 */
export function hessianOperator(
  f: ScalarFn,
  x: ArrayLike<number>,
): (v: ArrayLike<number>, out?: Float64Array) => Float64Array {
  const n = x.length;
  assertAllFinite(x, "x");
  return withGradEnabled(true, () => {
    const xt = leaf(x);
    const [g] = gradients(evaluate(f, xt), [xt], { createGraph: true });
    const vt = new Tensor(new Float64Array(n), g.shape);
    const gv = g.requiresGrad ? sum(mul(g, vt)) : null;
    return (v: ArrayLike<number>, out?: Float64Array): Float64Array => {
      if (v.length !== n) throw new ShapeMismatchError("v", `hvp: v has length ${v.length}, x has ${n}`);
      if (out && out.length !== n)
        throw new ShapeMismatchError("out", `hvp: out has length ${out.length}, x has ${n}`);
      assertAllFinite(v, "v"); // a NaN in v would come back as a silent NaN product
      const res = out ?? new Float64Array(n);
      if (gv === null) return res.fill(0);
      // gv reads vt.data lazily in its backward rules, so refilling vt re-targets the product.
      vt.data.set(v);
      const [hv] = withGradEnabled(true, () => gradients(gv, [xt]));
      res.set(hv.data);
      return res;
    };
  });
}

/**
 * Exact Hessian-vector product ∇²f(x)·v by double backward (reverse-over-reverse).
 * @example
 * hvp((x) => x.pow(3).sum(), [1, 2], [1, 1]); // [6, 12]
 */
export function hvp(f: ScalarFn, x: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  return hessianOperator(f, x)(v);
}

/**
 * A model's loss on a batch as a scalar function of a flat parameter tensor θ (length P), for
 * `grad`, `hvp` and `lanczos`. θ is sliced into the layers differentiably.
 * @example
 * const f = flatLoss(model, softmaxCrossEntropy, { x, y });
 * const Hv = hvp(f, model.flat, v);
 */
export function flatLoss<T>(model: Sequential, lossFn: LossFn<T>, batch: Batch<T>): ScalarFn {
  return (theta) => lossFn(model.forward(batch.x, { params: theta }), batch.y);
}
