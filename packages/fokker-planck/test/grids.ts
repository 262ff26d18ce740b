import { expect } from "vitest";
import { type BoundaryCondition, type Grid, grid } from "../src/grid.js";

/** The 2-D grid of nx × ny cells on [x0, x1] × [y0, y1], with reflecting walls unless `bc` says otherwise. */
export function grid2d(
  x: readonly [number, number],
  y: readonly [number, number],
  cells: readonly [number, number],
  bc?: BoundaryCondition,
): Grid {
  return grid({ bounds: [x, y], cells, ...(bc && { bc }) });
}

/** Each refinement of the grid divides the error by more than `ratio`: errors[k − 1] / errors[k] > ratio. */
export function expectConvergence(errors: readonly number[], ratio: number): void {
  for (let k = 1; k < errors.length; k++) expect(errors[k - 1] / errors[k]).toBeGreaterThan(ratio);
}
