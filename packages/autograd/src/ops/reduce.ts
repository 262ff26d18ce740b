import { InvalidArgumentError } from "@langevin/core";
import { fmt } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { scale } from "./binary.js";
import { reshape, sumTo } from "./shape.js";

function axisShapes(x: Tensor, axis: number, op: string): { keep: number[]; drop: number[] } {
  const nd = x.ndim;
  const ax = axis < 0 ? axis + nd : axis;
  if (!(Number.isInteger(axis) && ax >= 0 && ax < nd)) {
    throw new InvalidArgumentError("axis", `${op}: axis ${axis} is out of range for shape ${fmt(x.shape)}`);
  }
  const keep = [...x.shape];
  keep[ax] = 1;
  const drop = x.shape.filter((_, i) => i !== ax);
  return { keep, drop };
}

/**
 * Sum of all elements (a scalar, shape `[]`), or along one axis (negative counts from the end).
 * @example
 * sum(tensor([1, 2, 3, 4], [2, 2]), 0); // [4, 6]
 */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  if (axis === undefined) {
    return sumTo(x, keepDims ? x.shape.map(() => 1) : []);
  }
  const { keep, drop } = axisShapes(x, axis, "sum");
  const s = sumTo(x, keep);
  return keepDims ? s : reshape(s, drop);
}

/**
 * Mean of all elements, or along one axis.
 * @example
 * mean(tensor([1, 2, 3, 4], [2, 2]), 1); // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  const s = sum(x, axis, keepDims);
  const count = x.size / Math.max(s.size, 1);
  return scale(s, 1 / count);
}
