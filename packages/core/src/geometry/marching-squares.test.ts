import { describe, expect, it } from "vitest";
import { ShapeMismatchError } from "../errors.js";
import { marchingSquares } from "./marching-squares.js";

/** Values `f(i, j)` of an nx × ny grid, row-major `z[i * ny + j]`. */
function grid(nx: number, ny: number, f: (i: number, j: number) => number): Float64Array {
  const z = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) z[i * ny + j] = f(i, j);
  return z;
}

/** Segments as `[i0, j0, i1, j1]` tuples. */
function segments(flat: number[]): number[][] {
  const s: number[][] = [];
  for (let k = 0; k < flat.length; k += 4) s.push(flat.slice(k, k + 4));
  return s;
}

describe("marchingSquares", () => {
  it("puts the iso-lines of a linear field exactly on the line, lower values on the left", () => {
    const [a, b, d] = [0.7, -0.3, 0.1];
    const z = grid(9, 7, (i, j) => a * i + b * j + d);
    for (const c of [0.4, 1.9, 3.3]) {
      const segs = segments(marchingSquares(z, 9, 7, c));
      expect(segs.length).toBeGreaterThan(4);
      for (const [i0, j0, i1, j1] of segs) {
        // Linear interpolation is exact for a linear field: only round-off (values of order 5, ε·5·few).
        expect([a * i0 + b * j0 + d, a * i1 + b * j1 + d]).toBeAllclose([c, c], { atol: 1e-14 });
        // The left normal (−Δj, Δi) points down the gradient (a, b).
        expect(a * (j0 - j1) + b * (i1 - i0)).toBeLessThan(0);
      }
    }
  });

  it("traces a circle within h²/4 in r², as one closed counter-clockwise loop whose ends match bit for bit", () => {
    const n = 41;
    const h = 4 / (n - 1);
    const x = (u: number) => -2 + h * u;
    const z = grid(n, n, (i, j) => x(i) ** 2 + x(j) ** 2);
    const segs = segments(marchingSquares(z, n, n, 1));
    let area = 0;
    let length = 0;
    for (const [i0, j0, i1, j1] of segs) {
      // Interpolating r² linearly along an edge of length h errs by at most h²·(r²)''/8 = h²/4 in r².
      expect(x(i0) ** 2 + x(j0) ** 2).toBeAllclose(1, { atol: (h * h) / 4 + 1e-12 });
      area += (x(i0) * x(j1) - x(i1) * x(j0)) / 2;
      length += Math.hypot(x(i1) - x(i0), x(j1) - x(j0));
    }
    // Both fall short by O(h²): the vertices lie inside the circle by up to h²/8 = 0.125% in r (twice
    // that in area), and N ≈ 76 chords cut off ≈ 2π²/(3N²) ≈ 0.11% of the area, π²/(6N²) ≈ 0.03% of
    // the length. (Measured: −0.32% and −0.11%.)
    expect(area).toBeAllclose(Math.PI, { rtol: 0.004 });
    expect(length).toBeAllclose(2 * Math.PI, { rtol: 0.002 });
    // Every end is exactly one start: following them visits all segments once and comes back.
    const starts = new Map(segs.map((s, k) => [`${s[0]},${s[1]}`, k]));
    expect(starts.size).toBe(segs.length);
    let k = 0;
    for (let step = 1; step <= segs.length; step++) {
      const next = starts.get(`${segs[k][2]},${segs[k][3]}`);
      expect(next).toBeDefined();
      k = next as number;
      if (k === 0) {
        expect(step).toBe(segs.length);
        break;
      }
    }
    expect(k).toBe(0);
  });

  it("resolves saddle cells by the cell average", () => {
    // Corners (i, j): (0,0) and (1,1) above 0, (1,0) and (0,1) below, z = [z00, z01, z10, z11].
    // Average 0.125 ≥ 0: the corners above are joined, the lines cut off the two corners below.
    expect(segments(marchingSquares([1, -1, -1, 1.5], 2, 2, 0))).toEqual([
      [1, 0.4, 0.5, 0],
      [0, 0.5, 0.4, 1],
    ]);
    // Average −0.125 < 0: the corners below are joined, the lines cut off the two corners above.
    expect(segments(marchingSquares([1, -1, -1.5, 1], 2, 2, 0))).toEqual([
      [0, 0.5, 0.4, 0],
      [1, 0.6, 0.5, 1],
    ]);
    // An average exactly on the level counts as above (as a corner on the level does).
    expect(segments(marchingSquares([1, -1, -1, 1], 2, 2, 0))).toEqual([
      [1, 0.5, 0.5, 0],
      [0, 0.5, 0.5, 1],
    ]);
  });

  it("draws a line through grid points on the level once, and none where the field only touches it", () => {
    // z = i − 1 on 3 × 2: the line i = 1 belongs to the cell below it.
    expect(
      marchingSquares(
        grid(3, 2, (i) => i - 1),
        3,
        2,
        0,
      ),
    ).toEqual([1, 0, 1, 1]);
    // A minimum exactly on the level: every corner counts as above, nothing is drawn.
    expect(
      marchingSquares(
        grid(3, 3, (i, j) => (i - 1) ** 2 + (j - 1) ** 2),
        3,
        3,
        0,
      ),
    ).toEqual([]);
  });

  it("breaks lines at non-finite values: exactly the cells around a NaN or ∞ lose their segments", () => {
    const nx = 12;
    const ny = 10;
    const f = (i: number, j: number) => Math.sin(0.5 * i) + Math.cos(0.7 * j);
    const whole = segments(marchingSquares(grid(nx, ny, f), nx, ny, 0.2));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const holes = [
        [3, 4],
        [7, 2],
      ];
      const z = grid(nx, ny, (i, j) => (holes.some(([p, q]) => p === i && q === j) ? bad : f(i, j)));
      const got = segments(marchingSquares(z, nx, ny, 0.2));
      // A segment lies in the cell of its midpoint; cells with a corner at a hole are dropped.
      const touches = (s: number[]) => {
        const ci = Math.floor((s[0] + s[2]) / 2);
        const cj = Math.floor((s[1] + s[3]) / 2);
        return holes.some(([p, q]) => (p === ci || p === ci + 1) && (q === cj || q === cj + 1));
      };
      expect(whole.some(touches)).toBe(true);
      expect(got).toEqual(whole.filter((s) => !touches(s)));
    }
  });

  it("gives a mirror-symmetric field as many segments on each side, mirror images of each other", () => {
    const nx = 31; // the mirror line i = 15 is a grid line
    const ny = 24;
    const m = (nx - 1) / 2;
    // Even in i − m (|i − m| makes it exact); saddles of the cosines at cell centres, i − m = ±1.5,
    // ±4.5, … and j = 1.5, 4.5, …, where the levels near 0 cross all four edges of a cell. No grid value
    // is within 0.004 of a level (a near-tie on the mirror line would give a segment on it).
    const f = (i: number, j: number) =>
      Math.cos((Math.PI * Math.abs(i - m)) / 3) * Math.cos((Math.PI * j) / 3) + 0.013 * j;
    const z = grid(nx, ny, f);
    let saddleCells = 0;
    for (const c of [-0.3, 0.02, 0.1, 0.4]) {
      const segs = segments(marchingSquares(z, nx, ny, c));
      const key = (i0: number, j0: number, i1: number, j1: number) =>
        [i0, j0, i1, j1].map((v) => v.toFixed(9)).join(" ");
      const left = segs.filter((s) => s[0] + s[2] < 2 * m);
      const right = segs.filter((s) => s[0] + s[2] > 2 * m);
      expect(left.length + right.length).toBe(segs.length);
      expect(left.length).toBeGreaterThan(0);
      expect(left.length).toBe(right.length);
      // The mirror image of a left segment, reversed (mirroring flips the orientation), is a right
      // segment up to round-off (crossings are computed from opposite ends of the mirrored edge).
      const rightKeys = new Set(right.map(([i0, j0, i1, j1]) => key(i0, j0, i1, j1)));
      for (const [i0, j0, i1, j1] of left)
        expect(rightKeys.has(key(2 * m - i1, j1, 2 * m - i0, j0))).toBe(true);
      const cells = segs.map(
        ([i0, j0, i1, j1]) => `${Math.floor((i0 + i1) / 2)},${Math.floor((j0 + j1) / 2)}`,
      );
      saddleCells += cells.length - new Set(cells).size;
    }
    expect(saddleCells).toBeGreaterThan(0);
  });

  it("appends to the array it is given, so levels can share one", () => {
    const z = [0, 1, 1, 2];
    const out = [9];
    expect(marchingSquares(z, 2, 2, 0.5, out)).toBe(out);
    expect(marchingSquares(z, 2, 2, 1, out)).toEqual([9, 0.5, 0, 0, 0.5, 1, 0, 0, 1]);
    expect(marchingSquares(z, 1, 4, 0.5)).toEqual([]);
  });

  it("checks the grid's shape", () => {
    expect(() => marchingSquares([0, 1, 2], 2, 2, 0.5)).toThrow(ShapeMismatchError);
    expect(() => marchingSquares([0, 1, 2, 3], 2.5, 2, 0.5)).toThrow(/nx/);
  });
});
