import { InvalidArgumentError } from "@langevin/core";
import { uninitialized } from "../alloc.js";
import { isGradEnabled } from "../mode.js";
import { broadcastOffsets, broadcastShapes, type Shape, sameShape, sizeOf } from "../shape.js";
import { asTensor, result, type Tensor, type TensorLike } from "../tensor.js";
import { sumTo } from "./shape.js";

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;

function apply(code: number, a: Float64Array, b: Float64Array, out: Float64Array): void {
  const n = out.length;
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      break;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      break;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
  }
}

function applyScalarB(code: number, a: Float64Array, s: number, out: Float64Array): void {
  const n = out.length;
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      break;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i] - s;
      break;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = a[i] / s;
  }
}

/** a (rows × k) op b (k), the bias pattern. */
function applyRowB(code: number, a: Float64Array, b: Float64Array, out: Float64Array): void {
  const k = b.length;
  const rows = out.length / k;
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    switch (code) {
      case ADD:
        for (let j = 0; j < k; j++) out[o + j] = a[o + j] + b[j];
        break;
      case SUB:
        for (let j = 0; j < k; j++) out[o + j] = a[o + j] - b[j];
        break;
      case MUL:
        for (let j = 0; j < k; j++) out[o + j] = a[o + j] * b[j];
        break;
      default:
        for (let j = 0; j < k; j++) out[o + j] = a[o + j] / b[j];
    }
  }
}

function applyGeneral(
  code: number,
  a: Float64Array,
  ia: Int32Array,
  b: Float64Array,
  ib: Int32Array,
  out: Float64Array,
): void {
  const n = out.length;
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[ia[i]] + b[ib[i]];
      break;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[ia[i]] - b[ib[i]];
      break;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[ia[i]] * b[ib[i]];
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = a[ia[i]] / b[ib[i]];
  }
}

function isRowOf(b: Shape, a: Shape): boolean {
  // b is (k) or (1,…,1,k) and a ends in k: b repeats along every row of a.
  if (b.length === 0 || a.length === 0) return false;
  const k = b[b.length - 1];
  if (k !== a[a.length - 1] || sizeOf(b) !== k) return false;
  return b.length <= a.length;
}

function compute(code: number, name: string, a: Tensor, b: Tensor): { data: Float64Array; shape: Shape } {
  if (sameShape(a.shape, b.shape)) {
    const out = uninitialized(a.size);
    apply(code, a.data, b.data, out);
    return { data: out, shape: a.shape };
  }
  const shape = broadcastShapes(a.shape, b.shape, name);
  const out = uninitialized(sizeOf(shape));
  if (b.size === 1 && sameShape(shape, a.shape)) {
    applyScalarB(code, a.data, b.data[0], out);
  } else if (isRowOf(b.shape, a.shape) && sameShape(shape, a.shape)) {
    applyRowB(code, a.data, b.data, out);
  } else {
    applyGeneral(
      code,
      a.data,
      broadcastOffsets(a.shape, shape),
      b.data,
      broadcastOffsets(b.shape, shape),
      out,
    );
  }
  return { data: out, shape };
}

/**
 * Element-wise a + b with numpy broadcasting.
 * @example
 * add(tensor([1, 2, 3, 4], [2, 2]), tensor([10, 20])); // [[11, 22], [13, 24]]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const r = compute(ADD, "add", x, y);
  return result(r.data, r.shape, "add", [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)]);
}

/**
 * Element-wise a − b with numpy broadcasting.
 * @example
 * sub(tensor([3, 4]), 1); // [2, 3]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const r = compute(SUB, "sub", x, y);
  return result(r.data, r.shape, "sub", [x, y], (g) => [
    sumTo(g, x.shape),
    y.requiresGrad ? sumTo(scale(g, -1), y.shape) : null,
  ]);
}

/**
 * Element-wise a · b with numpy broadcasting.
 * @example
 * mul(tensor([1, 2]), 3); // [3, 6]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const r = compute(MUL, "mul", x, y);
  return result(r.data, r.shape, "mul", [x, y], (g) => [
    x.requiresGrad ? sumTo(mul(g, y), x.shape) : null,
    y.requiresGrad ? sumTo(mul(g, x), y.shape) : null,
  ]);
}

/**
 * Element-wise a / b with numpy broadcasting.
 * @example
 * div(tensor([1, 2]), tensor([4])); // [0.25, 0.5]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const r = compute(DIV, "div", x, y);
  return result(r.data, r.shape, "div", [x, y], (g) => [
    x.requiresGrad ? sumTo(div(g, y), x.shape) : null,
    // d(x/y)/dy = −x/y²
    y.requiresGrad ? sumTo(mul(g, div(x, mul(y, y))).neg(), y.shape) : null,
  ]);
}

/**
 * g · s for a number s (a new tensor; differentiable in g; without a graph, one plain loop).
 * @example
 * scale(tensor([1, 2]), 3); // [3, 6]
 */
export function scale(g: Tensor, s: number): Tensor {
  if (!isGradEnabled() || !g.requiresGrad) {
    const out = uninitialized(g.size);
    applyScalarB(MUL, g.data, s, out);
    return result(out, g.shape, "mul", [], () => []);
  }
  return mul(g, s);
}

/**
 * Element-wise power with a constant exponent: aᵖ.
 * @example
 * pow(tensor([2, 3]), 2); // [4, 9]
 */
export function pow(a: Tensor, p: number): Tensor {
  if (typeof p !== "number" || !Number.isFinite(p)) {
    throw new InvalidArgumentError("p", `pow: exponent must be a finite number, got ${p}`);
  }
  const x = a.data;
  const out = uninitialized(a.size);
  if (p === 2) for (let i = 0; i < out.length; i++) out[i] = x[i] * x[i];
  else for (let i = 0; i < out.length; i++) out[i] = x[i] ** p;
  return result(out, a.shape, "pow", [a], (g) => {
    if (p === 0) return [null];
    if (!isGradEnabled()) {
      const d = uninitialized(a.size);
      const gd = g.data;
      if (p === 2) for (let i = 0; i < d.length; i++) d[i] = 2 * x[i] * gd[i];
      else for (let i = 0; i < d.length; i++) d[i] = p * x[i] ** (p - 1) * gd[i];
      return [result(d, a.shape, "pow'", [], () => [])];
    }
    return [mul(g, p === 2 ? mul(a, 2) : mul(pow(a, p - 1), p))];
  });
}
