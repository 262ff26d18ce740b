import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import {
  broadcastOffsets,
  broadcastShapes,
  checkShape,
  fmt,
  type Shape,
  sameShape,
  sizeOf,
} from "../shape.js";
import { result, type Tensor } from "../tensor.js";

/**
 * Sums `g` down to `shape` (the reverse of broadcasting); returns `g` itself when the shapes agree.
 * @example
 * sumTo(tensor([1, 2, 3, 4], [2, 2]), [2]); // [4, 6]
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const target = [...shape];
  if (sizeOf(target) === g.size) return reshape(g, target);
  const bs = broadcastShapes(shape, g.shape, "sumTo");
  if (!sameShape(bs, g.shape)) {
    throw new ShapeMismatchError("shape", `sumTo: ${fmt(shape)} does not broadcast to ${fmt(g.shape)}`);
  }
  const out = new Float64Array(sizeOf(target));
  const src = g.data;
  const k = target.length > 0 ? target[target.length - 1] : 1;
  if (out.length === 1) {
    let s = 0;
    for (let i = 0; i < src.length; i++) s += src[i];
    out[0] = s;
  } else if (out.length === k && g.shape[g.shape.length - 1] === k) {
    // (…, k) → (k): column sums, the bias gradient.
    for (let r = 0; r < src.length; r += k) for (let j = 0; j < k; j++) out[j] += src[r + j];
  } else {
    const off = broadcastOffsets(target, g.shape);
    for (let i = 0; i < src.length; i++) out[off[i]] += src[i];
  }
  const from = g.shape;
  return result(out, target, "sumTo", [g], (gg) => [broadcastTo(gg, from)]);
}

/**
 * Repeats `x` along broadcast dimensions to `shape`.
 * @example
 * broadcastTo(tensor([1, 2]), [3, 2]); // [[1,2],[1,2],[1,2]]
 */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const target = [...shape];
  if (sizeOf(target) === x.size) return reshape(x, target);
  const bs = broadcastShapes(x.shape, target, "broadcastTo");
  if (!sameShape(bs, target)) {
    throw new ShapeMismatchError(
      "shape",
      `broadcastTo: ${fmt(x.shape)} does not broadcast to ${fmt(target)}`,
    );
  }
  const out = new Float64Array(sizeOf(target));
  const src = x.data;
  if (x.size === 1) out.fill(src[0]);
  else {
    const off = broadcastOffsets(x.shape, target);
    for (let i = 0; i < out.length; i++) out[i] = src[off[i]];
  }
  const from = x.shape;
  return result(out, target, "broadcastTo", [x], (g) => [sumTo(g, from)]);
}

/**
 * Same values, new shape (a view: the data array is shared). One dimension may be −1.
 * @example
 * reshape(tensor([1, 2, 3, 4, 5, 6]), [2, -1]); // shape [2, 3]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const s = [...shape];
  const free = s.indexOf(-1);
  if (free >= 0) {
    s[free] = 1;
    const rest = sizeOf(s);
    s[free] = rest > 0 ? x.size / rest : 0;
  }
  checkShape(s, "shape");
  if (sizeOf(s) !== x.size) {
    throw new ShapeMismatchError(
      "shape",
      `reshape: cannot view ${fmt(x.shape)} (${x.size} elements) as ${fmt(shape)}`,
    );
  }
  const from = x.shape;
  return result(x.data, s, "reshape", [x], (g) => [reshape(g, from)]);
}

/**
 * Transpose of a 2-D tensor (a copy).
 * @example
 * transpose(tensor([1, 2, 3, 4, 5, 6], [2, 3])); // shape [3, 2]
 */
export function transpose(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new ShapeMismatchError("x", `transpose: needs a 2-D tensor, got ${fmt(x.shape)}`);
  const [m, n] = x.shape;
  const out = new Float64Array(m * n);
  const a = x.data;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return result(out, [n, m], "transpose", [x], (g) => [transpose(g)]);
}

/**
 * Elements `start .. end-1` of the flattened tensor as a 1-D tensor (a view, no copy). Gradients
 * flow back to the positions they came from, so a flat parameter vector can be cut into layers.
 * @example
 * const theta = tensor([1, 2, 3, 4, 5], [5], { requiresGrad: true });
 * const w = slice(theta, 1, 4).reshape([3, 1]);
 */
export function slice(x: Tensor, start: number, end: number): Tensor {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= x.size)) {
    throw new InvalidArgumentError(
      "start/end",
      `slice: [${start}, ${end}) is not a range inside ${x.size} elements`,
    );
  }
  const n = x.size;
  return result(x.data.subarray(start, end), [end - start], "slice", [x], (g) => [embed(g, start, n)]);
}

/**
 * A 1-D tensor of `size` zeros with `g` written at `start` (the adjoint of `slice`).
 * @example
 * embed(tensor([1, 2]), 1, 4); // [0, 1, 2, 0]
 */
export function embed(g: Tensor, start: number, size: number): Tensor {
  if (!(Number.isInteger(start) && start >= 0 && start + g.size <= size)) {
    throw new InvalidArgumentError("start", `embed: ${g.size} elements at ${start} do not fit in ${size}`);
  }
  const out = new Float64Array(size);
  out.set(g.data, start);
  const len = g.size;
  const from = g.shape;
  return result(out, [size], "embed", [g], (gg) => [reshape(slice(gg, start, start + len), from)]);
}

/**
 * (N, d₁, d₂, …) → (N, d₁·d₂·…): keeps the batch dimension and flattens the rest, row-major (a
 * view, as `torch.flatten(x, 1)`; NCHW images become rows in (C, H, W) order).
 * @example
 * flatten(zeros([2, 16, 2, 2])).shape; // [2, 64]
 */
export function flatten(x: Tensor): Tensor {
  if (x.ndim < 1) throw new ShapeMismatchError("x", "flatten: needs a batch dimension, got a scalar");
  let rest = 1;
  for (let i = 1; i < x.ndim; i++) rest *= x.shape[i];
  return reshape(x, [x.shape[0], rest]);
}
