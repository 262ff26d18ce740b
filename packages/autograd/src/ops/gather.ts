import { ShapeMismatchError } from "@langevin/core";
import { fmt } from "../shape.js";
import { result, Tensor } from "../tensor.js";
import { checkLabels } from "./loss.js";

function rows(x: Tensor, op: string): [number, number] {
  if (x.ndim !== 2)
    throw new ShapeMismatchError("x", `${op}: needs a 2-D (rows × columns) tensor, got ${fmt(x.shape)}`);
  return [x.shape[0], x.shape[1]];
}

/**
 * The one-hot matrix (N × classes) of integer labels, a constant.
 * @example
 * oneHot(Int32Array.of(2, 0), 3).data; // [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  checkLabels(labels, labels.length, classes, "oneHot");
  const out = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return new Tensor(out, [labels.length, classes]);
}

/**
 * One entry per row: out[i] = x[i, index[i]] (a gather; differentiable, its adjoint is `scatterRows`).
 * @example
 * pick(tensor([1, 2, 3, 4], [2, 2]), Int32Array.of(1, 0)).data; // [2, 3]
 */
export function pick(x: Tensor, index: ArrayLike<number>): Tensor {
  const [n, c] = rows(x, "pick");
  checkLabels(index, n, c, "pick");
  const idx = Int32Array.from(index);
  const out = new Float64Array(n);
  const a = x.data;
  for (let i = 0; i < n; i++) out[i] = a[i * c + idx[i]];
  return result(out, [n], "pick", [x], (g) => [scatterRows(g, idx, c)]);
}

/**
 * The (N × columns) matrix with g[i] at column index[i] of row i and zeros elsewhere (the adjoint
 * of `pick`).
 * @example
 * scatterRows(tensor([5, 6]), Int32Array.of(1, 0), 2).data; // [0, 5, 6, 0]
 */
export function scatterRows(g: Tensor, index: Int32Array, columns: number): Tensor {
  const n = g.size;
  if (index.length !== n) {
    throw new ShapeMismatchError("index", `scatterRows: ${index.length} indices for ${n} values`);
  }
  const out = new Float64Array(n * columns);
  const gd = g.data;
  for (let i = 0; i < n; i++) out[i * columns + index[i]] = gd[i];
  return result(out, [n, columns], "scatterRows", [g], (gg) => [pick(gg, index)]);
}
