import { assertInteger, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import type { PointLike } from "./types.js";

/**
 * A path of `n` images in Rᵈ stored image after image: image i is `x[i*dim .. (i+1)*dim)`.
 * Images 0 and n−1 are the fixed endpoints.
 *
 * @example
 * ```ts
 * const p: Path = linearPath([0, 0], [1, 0], 5);
 * const image2 = p.x.subarray(2 * p.dim, 3 * p.dim);
 * ```
 */
export interface Path {
  /** Number of images including both endpoints. */
  readonly n: number;
  /** Dimension of each image. */
  readonly dim: number;
  /** Positions, length n·dim. */
  readonly x: Float64Array;
}

function checkPoint(p: PointLike, name: string): void {
  for (let i = 0; i < p.length; i++) {
    if (!Number.isFinite(p[i])) throw new InvalidArgumentError(name, `element ${i} is ${p[i]}`);
  }
}

/**
 * `n` images evenly spaced on the straight line from `a` to `b` (both included).
 *
 * @example
 * ```ts
 * const p = linearPath([0, 0], [1, 1], 5); // p.x = [0,0, .25,.25, .5,.5, .75,.75, 1,1]
 * ```
 */
export function linearPath(a: PointLike, b: PointLike, n: number): Path {
  return waypointPath([a, b], n);
}

/**
 * `n` images evenly spaced by arc length along the polyline through `points` (the first and last
 * are the endpoints; the ones between are waypoints the initial path goes through).
 *
 * @example
 * ```ts
 * const p = waypointPath([[-1, 0], [0, -1], [1, 0]], 9);
 * ```
 */
export function waypointPath(points: readonly PointLike[], n: number): Path {
  assertInteger(n, "images", 3);
  if (points.length < 2) throw new InvalidArgumentError("points", "need at least two points");
  const dim = points[0].length;
  if (dim < 1) throw new InvalidArgumentError("points[0]", "must have at least one coordinate");
  for (let k = 0; k < points.length; k++) {
    if (points[k].length !== dim) {
      throw new ShapeMismatchError(
        k === points.length - 1 ? "b" : `points[${k}]`,
        `length ${points[k].length} differs from the first endpoint's length ${dim}`,
      );
    }
    checkPoint(points[k], k === 0 ? "a" : k === points.length - 1 ? "b" : `points[${k}]`);
  }
  const poly = new Float64Array(points.length * dim);
  for (let k = 0; k < points.length; k++) for (let j = 0; j < dim; j++) poly[k * dim + j] = points[k][j];
  const x = new Float64Array(n * dim);
  resample(poly, points.length, dim, x, n);
  return { n, dim, x };
}

/**
 * Cumulative arc length of the polyline through the images: `out[0] = 0`, `out[n-1]` = length.
 *
 * @example
 * ```ts
 * const s = arcLengths(linearPath([0], [2], 3).x, 3, 1); // [0, 1, 2]
 * ```
 */
export function arcLengths(x: Float64Array, n: number, dim: number, out = new Float64Array(n)): Float64Array {
  out[0] = 0;
  for (let i = 1; i < n; i++) {
    let d2 = 0;
    for (let j = 0; j < dim; j++) {
      const d = x[i * dim + j] - x[(i - 1) * dim + j];
      d2 += d * d;
    }
    out[i] = out[i - 1] + Math.sqrt(d2);
  }
  return out;
}

/**
 * Writes into `out` (m images) points evenly spaced by arc length along the polyline `poly`
 * (k points), both ends included. `out` must not alias `poly`.
 */
function resample(poly: Float64Array, k: number, dim: number, out: Float64Array, m: number): void {
  const s = arcLengths(poly, k, dim);
  const total = s[k - 1];
  let seg = 0;
  for (let i = 0; i < m; i++) {
    const target = (total * i) / (m - 1);
    while (seg < k - 2 && s[seg + 1] < target) seg++;
    const len = s[seg + 1] - s[seg];
    const t = len > 0 ? Math.min(1, Math.max(0, (target - s[seg]) / len)) : 0;
    for (let j = 0; j < dim; j++) {
      out[i * dim + j] = (1 - t) * poly[seg * dim + j] + t * poly[(seg + 1) * dim + j];
    }
  }
  // Exact endpoints (no round-off from t).
  for (let j = 0; j < dim; j++) {
    out[j] = poly[j];
    out[(m - 1) * dim + j] = poly[(k - 1) * dim + j];
  }
}

/**
 * Redistributes images `from..to` (inclusive; both stay fixed) evenly by arc length along the
 * polyline through them, in place. `work` needs (to−from+1)·dim entries and `sWork` to−from+1.
 * This is the string method's reparametrisation step.
 *
 * @example
 * ```ts
 * const p = waypointPath([[0, 0], [1, 0]], 4);
 * p.x[2] = 0.1; // squeeze image 1
 * redistribute(p.x, p.dim, 0, 3); // back to 0, 1/3, 2/3, 1
 * ```
 */
export function redistribute(
  x: Float64Array,
  dim: number,
  from: number,
  to: number,
  work = new Float64Array((to - from + 1) * dim),
  sWork = new Float64Array(to - from + 1),
): void {
  const k = to - from + 1;
  if (k < 3) return;
  for (let i = 0; i < k * dim; i++) work[i] = x[from * dim + i];
  const s = arcLengths(work, k, dim, sWork);
  const total = s[k - 1];
  if (!(total > 0)) return;
  let seg = 0;
  for (let i = 1; i < k - 1; i++) {
    const target = (total * i) / (k - 1);
    while (seg < k - 2 && s[seg + 1] < target) seg++;
    const len = s[seg + 1] - s[seg];
    const t = len > 0 ? Math.min(1, Math.max(0, (target - s[seg]) / len)) : 0;
    const o = (from + i) * dim;
    for (let j = 0; j < dim; j++) x[o + j] = (1 - t) * work[seg * dim + j] + t * work[(seg + 1) * dim + j];
  }
}

/**
 * Reparametrises a path to `m` images evenly spaced by arc length along its polyline (a copy).
 *
 * @example
 * ```ts
 * const q = reparametrize(waypointPath([[0, 0], [1, 0]], 3), 5);
 * ```
 */
export function reparametrize(path: Path, m: number): Path {
  assertInteger(m, "images", 3);
  const x = new Float64Array(m * path.dim);
  resample(path.x, path.n, path.dim, x, m);
  return { n: m, dim: path.dim, x };
}
