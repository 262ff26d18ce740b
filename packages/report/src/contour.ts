import { marchingSquares } from "@langevin/core/base";

/** A segment of an iso-line. */
export interface ContourSegment {
  /** The contour level the segment belongs to. */
  level: number;
  /** x of the segment's start. */
  x: number;
  /** y of the segment's start. */
  y: number;
  /** x of the segment's end. */
  x2: number;
  /** y of the segment's end. */
  y2: number;
}

/**
 * Iso-lines of a field on a tensor grid: `@langevin/core`'s `marchingSquares` (linear interpolation on
 * cell edges; saddle cells resolved by the cell-centre average; a value equal to a level counts as
 * above it) for each level, its index coordinates mapped onto the grid, linearly within each cell.
 * Values are row-major `z[i * ny + j]` at (xs[i], ys[j]); the grid may be non-uniform. Non-finite
 * values break the lines there.
 *
 * @example
 * ```ts
 * const xs = [0, 1], ys = [0, 1];
 * const segs = contourSegments(xs, ys, [0, 1, 1, 2], [1]); // one segment from (1,0) to (0,1)
 * ```
 */
export function contourSegments(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  z: ArrayLike<number>,
  levels: ArrayLike<number>,
): ContourSegment[] {
  const out: ContourSegment[] = [];
  const flat: number[] = [];
  for (let li = 0; li < levels.length; li++) {
    const level = levels[li];
    flat.length = 0;
    marchingSquares(z, xs.length, ys.length, level, flat);
    for (let k = 0; k < flat.length; k += 4) {
      out.push({
        level,
        x: onGrid(xs, flat[k]),
        y: onGrid(ys, flat[k + 1]),
        x2: onGrid(xs, flat[k + 2]),
        y2: onGrid(ys, flat[k + 3]),
      });
    }
  }
  return out;
}

/** The coordinate at fractional index `u` of a grid axis, linear between its points. */
function onGrid(axis: ArrayLike<number>, u: number): number {
  // On a grid line (u an integer, the last one included) the grid's own coordinate, exactly.
  const i = Math.floor(u);
  const t = u - i;
  return t === 0 ? axis[i] : axis[i] + t * (axis[i + 1] - axis[i]);
}

/**
 * `count` levels spread between quantiles of the finite values (so a few extreme cells do not hide the
 * interesting range).
 *
 * @example
 * ```ts
 * quantileLevels([0, 1, 2, 3, 4], 3, 0, 1); // [1, 2, 3]
 * ```
 */
export function quantileLevels(z: ArrayLike<number>, count: number, qlo = 0.02, qhi = 0.7): number[] {
  const v = Array.from(z)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (v.length === 0) return [];
  const lo = v[Math.floor(qlo * (v.length - 1))];
  const hi = v[Math.floor(qhi * (v.length - 1))];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) levels.push(lo + ((hi - lo) * k) / (count + 1));
  return levels;
}

/**
 * Joins iso-line segments that share end points into polylines (flat `[x0, y0, x1, y1, …]` arrays;
 * a closed line repeats its first point at the end). End points are matched to 10 significant digits,
 * so segments from other tracers, whose neighbouring cells may interpolate a shared edge from opposite
 * ends, join too (`contourSegments` gives bit-identical shared ends); a rare miss at a rounding
 * boundary only splits a line in two, which draws the same.
 *
 * @example
 * ```ts
 * contourPolylines([{ level: 1, x: 0, y: 0, x2: 1, y2: 0 }, { level: 1, x: 1, y: 0, x2: 1, y2: 1 }]);
 * // [[0, 0, 1, 0, 1, 1]]
 * ```
 */
export function contourPolylines(segments: ContourSegment[]): number[][] {
  const key = (level: number, x: number, y: number) => `${level}|${x.toPrecision(10)}|${y.toPrecision(10)}`;
  const ends = new Map<string, number[]>();
  segments.forEach((s, i) => {
    for (const k of [key(s.level, s.x, s.y), key(s.level, s.x2, s.y2)]) {
      const list = ends.get(k);
      if (list) list.push(i);
      else ends.set(k, [i]);
    }
  });
  const used = new Uint8Array(segments.length);
  const next = (level: number, x: number, y: number): number => {
    for (const i of ends.get(key(level, x, y)) ?? []) if (!used[i]) return i;
    return -1;
  };
  const lines: number[][] = [];
  for (let start = 0; start < segments.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const s0 = segments[start];
    // Walk forward from the segment's second end, then backward from its first.
    const forward = [s0.x, s0.y, s0.x2, s0.y2];
    const walk = (pts: number[]) => {
      for (;;) {
        const x = pts[pts.length - 2];
        const y = pts[pts.length - 1];
        const i = next(s0.level, x, y);
        if (i < 0) return;
        used[i] = 1;
        const s = segments[i];
        if (key(s.level, s.x, s.y) === key(s.level, x, y)) pts.push(s.x2, s.y2);
        else pts.push(s.x, s.y);
      }
    };
    walk(forward);
    const backward = [s0.x2, s0.y2, s0.x, s0.y];
    walk(backward);
    const head: number[] = [];
    for (let q = backward.length - 2; q >= 4; q -= 2) head.push(backward[q], backward[q + 1]);
    lines.push([...head, ...forward]);
  }
  return lines;
}
