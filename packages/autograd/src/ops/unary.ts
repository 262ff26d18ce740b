import { uninitialized } from "../alloc.js";
import { isGradEnabled } from "../mode.js";
import { result, type Tensor } from "../tensor.js";
import { div, mul, scale, sub } from "./binary.js";

// The loops live in small top-level kernels rather than inside the ops: a hot loop inside an op
// gets on-stack-replaced before the code after it has type feedback, and V8 then deoptimises the
// op on every call.

function constant(data: Float64Array, x: Tensor, op: string): Tensor {
  return result(data, x.shape, op, [], () => []);
}

function negK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = -a[i];
  return out;
}
function expK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(a[i]);
  return out;
}
function logK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = Math.log(a[i]);
  return out;
}
function tanhK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = Math.tanh(a[i]);
  return out;
}
/** out = g ⊙ (1 − y²) */
function tanhBackK(y: Float64Array, g: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = g[i] * (1 - y[i] * y[i]);
  return out;
}
// ReLU without branches: on pre-activations of random sign, `Math.max(v, 0)` and `v > 0 ? g : 0`
// compile to branches that mispredict half the time (4-5× slower on large arrays). (v + |v|)/2 is
// max(v, 0) exactly (2v and its half are exact) except where v + |v| overflows or is NaN (v ≥ 2¹⁰²³,
// v = −∞, NaN); those rare cases take the exact fallback.
function reluK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = a[i];
    const r = (v + Math.abs(v)) * 0.5;
    out[i] = r < Number.POSITIVE_INFINITY ? r : Math.max(v, 0);
  }
  return out;
}
/**
 * out = g where x > 0, else 0; with g = null, the 0/1 mask itself. g·(x > 0) + 0 is that without a
 * branch (the + 0 turns −0 into 0); a non-finite g takes the exact fallback.
 */
function reluBackK(a: Float64Array, g: Float64Array | null, out: Float64Array): Float64Array {
  if (g === null) for (let i = 0; i < out.length; i++) out[i] = +(a[i] > 0);
  else {
    for (let i = 0; i < out.length; i++) {
      const r = g[i] * +(a[i] > 0) + 0;
      out[i] = Number.isNaN(r) ? (a[i] > 0 ? g[i] : 0) : r;
    }
  }
  return out;
}
function sigmoidK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = a[i];
    // Stable on both sides: never exponentiates a large positive number.
    if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
  return out;
}
/** out = g ⊙ y(1 − y) */
function sigmoidBackK(y: Float64Array, g: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = g[i] * y[i] * (1 - y[i]);
  return out;
}
function softplusK(a: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = a[i];
    out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return out;
}
function mulInPlace(out: Float64Array, g: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] *= g[i];
  return out;
}

/**
 * −x.
 * @example
 * neg(tensor([1, -2])); // [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  const out = negK(x.data, uninitialized(x.size));
  return result(out, x.shape, "neg", [x], (g) => [scale(g, -1)]);
}

/**
 * eˣ element-wise.
 * @example
 * exp(tensor([0, 1])); // [1, 2.718…]
 */
export function exp(x: Tensor): Tensor {
  const out = expK(x.data, uninitialized(x.size));
  const y: Tensor = result(out, x.shape, "exp", [x], (g) => [mul(g, y)]);
  return y;
}

/**
 * Natural logarithm element-wise.
 * @example
 * log(tensor([1, Math.E])); // [0, 1]
 */
export function log(x: Tensor): Tensor {
  const out = logK(x.data, uninitialized(x.size));
  return result(out, x.shape, "log", [x], (g) => [div(g, x)]);
}

/**
 * Hyperbolic tangent element-wise.
 * @example
 * tanh(tensor([0])); // [0]
 */
export function tanh(x: Tensor): Tensor {
  const out = tanhK(x.data, uninitialized(x.size));
  const y: Tensor = result(out, x.shape, "tanh", [x], (g) => {
    if (!isGradEnabled()) return [constant(tanhBackK(out, g.data, uninitialized(x.size)), x, "tanh'")];
    // d tanh = 1 − y²
    return [mul(g, sub(1, mul(y, y)))];
  });
  return y;
}

/**
 * max(x, 0) element-wise (gradient 0 at 0).
 * @example
 * relu(tensor([-1, 2])); // [0, 2]
 */
export function relu(x: Tensor): Tensor {
  const a = x.data;
  const out = reluK(a, uninitialized(x.size));
  return result(out, x.shape, "relu", [x], (g) => {
    if (!isGradEnabled() || !g.requiresGrad) {
      return [constant(reluBackK(a, g.data, uninitialized(x.size)), x, "relu'")];
    }
    return [mul(g, constant(reluBackK(a, null, uninitialized(x.size)), x, "relu'"))];
  });
}

/**
 * The logistic function 1/(1+e⁻ˣ) element-wise.
 * @example
 * sigmoid(tensor([0])); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  const out = sigmoidK(x.data, uninitialized(x.size));
  const y: Tensor = result(out, x.shape, "sigmoid", [x], (g) => {
    if (!isGradEnabled()) return [constant(sigmoidBackK(out, g.data, uninitialized(x.size)), x, "sigmoid'")];
    return [mul(g, mul(y, sub(1, y)))];
  });
  return y;
}

/**
 * log(1 + eˣ) element-wise, computed stably.
 * @example
 * softplus(tensor([0])); // [log 2]
 */
export function softplus(x: Tensor): Tensor {
  const a = x.data;
  const out = softplusK(a, uninitialized(x.size));
  return result(out, x.shape, "softplus", [x], (g) => {
    if (!isGradEnabled()) {
      // d softplus = sigmoid
      return [constant(mulInPlace(sigmoidK(a, uninitialized(x.size)), g.data), x, "softplus'")];
    }
    return [mul(g, sigmoid(x))];
  });
}
