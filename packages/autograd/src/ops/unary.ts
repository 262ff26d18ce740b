import { isGradEnabled } from "../mode.js";
import { result, type Tensor } from "../tensor.js";
import { div, mul, scale, sub } from "./binary.js";

function constant(data: Float64Array, x: Tensor, op: string): Tensor {
  return result(data, x.shape, op, [], () => []);
}

/**
 * −x.
 * @example
 * neg(tensor([1, -2])); // [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = -a[i];
  return result(out, x.shape, "neg", [x], (g) => [scale(g, -1)]);
}

/**
 * eˣ element-wise.
 * @example
 * exp(tensor([0, 1])); // [1, 2.718…]
 */
export function exp(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(a[i]);
  const y = result(out, x.shape, "exp", [x], (g) => [mul(g, y)]);
  return y;
}

/**
 * Natural logarithm element-wise.
 * @example
 * log(tensor([1, Math.E])); // [0, 1]
 */
export function log(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(a[i]);
  return result(out, x.shape, "log", [x], (g) => [div(g, x)]);
}

/**
 * Hyperbolic tangent element-wise.
 * @example
 * tanh(tensor([0])); // [0]
 */
export function tanh(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.tanh(a[i]);
  const y: Tensor = result(out, x.shape, "tanh", [x], (g) => {
    if (!isGradEnabled()) {
      const d = new Float64Array(x.size);
      const gd = g.data;
      for (let i = 0; i < d.length; i++) d[i] = gd[i] * (1 - out[i] * out[i]);
      return [constant(d, x, "tanh'")];
    }
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
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(a[i], 0);
  return result(out, x.shape, "relu", [x], (g) => {
    const gd = g.data;
    if (!isGradEnabled() || !g.requiresGrad) {
      const d = new Float64Array(x.size);
      for (let i = 0; i < d.length; i++) d[i] = a[i] > 0 ? gd[i] : 0;
      return [constant(d, x, "relu'")];
    }
    const mask = new Float64Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = a[i] > 0 ? 1 : 0;
    return [mul(g, constant(mask, x, "relu'"))];
  });
}

function sigmoidValues(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
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

/**
 * The logistic function 1/(1+e⁻ˣ) element-wise.
 * @example
 * sigmoid(tensor([0])); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  const out = sigmoidValues(x.data);
  const y: Tensor = result(out, x.shape, "sigmoid", [x], (g) => {
    if (!isGradEnabled()) {
      const d = new Float64Array(x.size);
      const gd = g.data;
      for (let i = 0; i < d.length; i++) d[i] = gd[i] * out[i] * (1 - out[i]);
      return [constant(d, x, "sigmoid'")];
    }
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
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) {
    const v = a[i];
    out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return result(out, x.shape, "softplus", [x], (g) => {
    if (!isGradEnabled()) {
      const s = sigmoidValues(a);
      const gd = g.data;
      for (let i = 0; i < s.length; i++) s[i] *= gd[i];
      return [constant(s, x, "softplus'")];
    }
    return [mul(g, sigmoid(x))];
  });
}
