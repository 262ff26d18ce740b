import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";

/** A tensor shape: row-major dimensions; `[]` is a scalar. */
export type Shape = readonly number[];

/**
 * Number of elements of a shape.
 * @example
 * sizeOf([2, 3]); // 6
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A shape as text for error messages.
 * @example
 * fmt([2, 3]); // "[2,3]"
 */
export function fmt(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/**
 * Checks a shape: non-negative integer dimensions.
 * @example
 * checkShape([2, 3], "shape");
 */
export function checkShape(shape: Shape, argument: string): void {
  for (const d of shape) {
    if (!(Number.isInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(argument, `dimensions must be non-negative integers, got ${fmt(shape)}`);
    }
  }
}

/**
 * Whether two shapes are equal.
 * @example
 * sameShape([2, 3], [2, 3]); // true
 */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The numpy broadcast of two shapes (right-aligned; a dimension of 1 stretches).
 * @throws ShapeMismatchError naming the op and both shapes.
 * @example
 * broadcastShapes([4, 3], [3], "add"); // [4, 3]
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeMismatchError("b", `${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For every element of `outShape` (row-major), the offset of the element of a tensor of shape
 * `inShape` that broadcasts onto it. `inShape` must broadcast to `outShape`.
 * @example
 * broadcastOffsets([2], [3, 2]); // Int32Array [0, 1, 0, 1, 0, 1]
 */
export function broadcastOffsets(inShape: Shape, outShape: Shape): Int32Array {
  const n = outShape.length;
  const size = sizeOf(outShape);
  const offsets = new Int32Array(size);
  if (size === 0) return offsets;
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const o = i + (n - inShape.length);
    strides[o] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i];
  }
  const index = new Array<number>(n).fill(0);
  let off = 0;
  for (let k = 0; k < size; k++) {
    offsets[k] = off;
    for (let d = n - 1; d >= 0; d--) {
      index[d]++;
      off += strides[d];
      if (index[d] < outShape[d]) break;
      off -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return offsets;
}
