import { ShapeMismatchError } from "../errors.js";
import { assertInteger } from "../validate.js";

/**
 * The iso-line `z = level` of a field on an nx × ny grid by marching squares, as flat segments
 * `[i0, j0, i1, j1, …]` in fractional index coordinates: values are row-major `z[i * ny + j]` at the
 * point (i, j), and a crossing on the edge from (i, j) to (i + 1, j) is (i + t, j) with t linear in z.
 * Appends to `out` (a new array when omitted) and returns it, so several levels can share one array and
 * a caller that draws every frame can reuse it; nothing is allocated per cell.
 *
 * Conventions:
 * - a value equal to the level counts as above it (a corner on the level gives a crossing at that
 *   corner, drawn by one cell only);
 * - a saddle cell (diagonal corners on the same side) is resolved by the cell average
 *   (z₀₀ + z₁₀ + z₁₁ + z₀₁)/4: the corners on its side are joined through the cell;
 * - a cell with a non-finite corner (NaN, ±∞) has no segment, so holes break the lines;
 * - each edge crossing is computed from the edge's lower-index corner, so the two cells that share
 *   an edge give bit-identical end points;
 * - segments are oriented with the values below the level on the left (in the (i, j) plane with i to
 *   the right and j up: counter-clockwise around a minimum), so consecutive segments of a line
 *   chain end to start.
 *
 * Linear interpolation is exact for a field linear on the cell's edges; for a smooth field the points
 * lie within O(h²) of the true iso-line.
 *
 * @example
 * // z = i + j on a 2 × 2 grid: the level 1 is the diagonal from (1, 0) to (0, 1)
 * marchingSquares([0, 1, 1, 2], 2, 2, 1); // [1, 0, 0, 1]
 * // several levels into one reused array
 * const out: number[] = [];
 * for (const level of [0.5, 1.5]) marchingSquares([0, 1, 1, 2], 2, 2, level, out);
 * out.length; // 8: two segments, four numbers each
 */
export function marchingSquares(
  z: ArrayLike<number>,
  nx: number,
  ny: number,
  level: number,
  out: number[] = [],
): number[] {
  assertInteger(nx, "nx");
  assertInteger(ny, "ny");
  if (z.length !== nx * ny) {
    throw new ShapeMismatchError("z", `must have nx·ny = ${nx}·${ny} = ${nx * ny} values, got ${z.length}`);
  }
  const c = level;
  for (let i = 0; i + 1 < nx; i++) {
    const r0 = i * ny;
    const r1 = r0 + ny;
    const i1 = i + 1;
    for (let j = 0; j + 1 < ny; j++) {
      const z00 = z[r0 + j];
      const z10 = z[r1 + j];
      const z11 = z[r1 + j + 1];
      const z01 = z[r0 + j + 1];
      // Corners below the level: bit 1 (i, j), 2 (i+1, j), 4 (i+1, j+1), 8 (i, j+1). A NaN corner is
      // never below, so cells with all bits equal are skipped before the finiteness test.
      const code = (z00 < c ? 1 : 0) | (z10 < c ? 2 : 0) | (z11 < c ? 4 : 0) | (z01 < c ? 8 : 0);
      if (code === 0 || code === 15) continue;
      if (!(Number.isFinite(z00) && Number.isFinite(z10) && Number.isFinite(z11) && Number.isFinite(z01))) {
        continue;
      }
      const j1 = j + 1;
      // The crossings, each from its edge's lower-index corner; only those of crossed edges are used.
      const bottom = i + (c - z00) / (z10 - z00); // (bottom, j)
      const right = j + (c - z10) / (z11 - z10); // (i + 1, right)
      const top = i + (c - z01) / (z11 - z01); // (top, j + 1)
      const left = j + (c - z00) / (z01 - z00); // (i, left)
      switch (code) {
        case 1: // (i, j) below: bottom → left
          out.push(bottom, j, i, left);
          break;
        case 14:
          out.push(i, left, bottom, j);
          break;
        case 2: // (i+1, j) below: right → bottom
          out.push(i1, right, bottom, j);
          break;
        case 13:
          out.push(bottom, j, i1, right);
          break;
        case 4: // (i+1, j+1) below: top → right
          out.push(top, j1, i1, right);
          break;
        case 11:
          out.push(i1, right, top, j1);
          break;
        case 8: // (i, j+1) below: left → top
          out.push(i, left, top, j1);
          break;
        case 7:
          out.push(top, j1, i, left);
          break;
        case 3: // the row j below: right → left
          out.push(i1, right, i, left);
          break;
        case 12:
          out.push(i, left, i1, right);
          break;
        case 6: // the column i+1 below: top → bottom
          out.push(top, j1, bottom, j);
          break;
        case 9:
          out.push(bottom, j, top, j1);
          break;
        case 5: // (i, j) and (i+1, j+1) below
          if ((z00 + z10 + z11 + z01) / 4 < c) {
            // joined through the centre: cut off the two corners above (as cases 13 and 7)
            out.push(bottom, j, i1, right, top, j1, i, left);
          } else {
            // the corners above joined: cut off the two below (as cases 1 and 4)
            out.push(bottom, j, i, left, top, j1, i1, right);
          }
          break;
        case 10: // (i+1, j) and (i, j+1) below
          if ((z00 + z10 + z11 + z01) / 4 < c) {
            // joined through the centre: cut off the two corners above (as cases 14 and 11)
            out.push(i, left, bottom, j, i1, right, top, j1);
          } else {
            // the corners above joined: cut off the two below (as cases 2 and 8)
            out.push(i1, right, bottom, j, i, left, top, j1);
          }
          break;
      }
    }
  }
  return out;
}
