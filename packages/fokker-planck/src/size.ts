import { InvalidArgumentError } from "@langevin/core";
import type { Grid } from "./grid.js";

/** Entries of one CSR matrix are addressed by 32-bit row pointers and column indices. */
const MAX_CSR_ENTRIES = 2 ** 31 - 1;

/** What assembling an operator on a grid takes, estimated before anything is allocated. */
export interface OperatorSize {
  /** Cells of the grid (unknowns of the generator). */
  cells: number;
  /** Stored entries of the generator and the face-flux matrices together. */
  entries: number;
  /** Entries of the largest single matrix (the generator). */
  largest: number;
  /** Peak bytes during assembly: CSR values and indices plus the builder's copy, and per-cell fields. */
  bytes: number;
}

/**
 * Estimates the size of `fokkerPlanck(problem, grid)`: per cell, 1 + 2d generator entries and 2
 * face-flux entries per axis with a diagonal D; 3^d and 2 + 6(d − 1) per axis with a full one
 * (central cross-diffusion; the monotone stencil is wider still). Each entry costs 12 bytes in CSR
 * (a double and a 32-bit column) and about as much again in the builder it is assembled in.
 *
 * @example
 * ```ts
 * operatorSize(grid({ bounds: [[0, 1], [0, 1]], cells: [400, 400] }), false).bytes; // ≈ 5e7
 * ```
 */
export function operatorSize(grid: Grid, fullDiffusion: boolean): OperatorSize {
  const d = grid.dim;
  const cells = grid.size;
  const generatorPerCell = fullDiffusion ? 3 ** d : 1 + 2 * d;
  const facePerCell = d * (fullDiffusion ? 2 + 6 * (d - 1) : 2);
  const largest = cells * generatorPerCell;
  const entries = cells * (generatorPerCell + facePerCell);
  const fieldDoubles = fullDiffusion ? d * d : d;
  return { cells, entries, largest, bytes: entries * 24 + cells * 8 * (fieldDoubles + 4) };
}

function bytesText(b: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let u = 0;
  while (b >= 1000 && u < units.length - 1) {
    b /= 1000;
    u++;
  }
  return `${b.toPrecision(2)} ${units[u]}`;
}

/**
 * A one-line description of a grid's operator size, for error messages.
 *
 * @example
 * ```ts
 * sizeText(g, operatorSize(g, false)); // "400×400 = 160000 cells need ≈ 1.8e+6 matrix entries (≈ 48 MB)"
 * ```
 */
export function sizeText(grid: Grid, s: OperatorSize): string {
  return `${grid.cells.join("×")} = ${s.cells} cells need ≈ ${s.entries.toPrecision(2)} matrix entries (≈ ${bytesText(s.bytes)})`;
}

/**
 * Refuses, before anything is allocated, a grid whose operator cannot exist: one sparse matrix
 * would hold more entries than 32-bit CSR indices address (JavaScript would otherwise fail deep
 * inside with a RangeError). Throws `InvalidArgumentError` naming `grid`, with the estimate.
 *
 * @example
 * ```ts
 * checkOperatorSize(grid({ bounds: [[0, 1], [0, 1]], cells: [1e5, 1e5] }), false); // throws
 * ```
 */
export function checkOperatorSize(grid: Grid, fullDiffusion: boolean): OperatorSize {
  const s = operatorSize(grid, fullDiffusion);
  if (s.largest > MAX_CSR_ENTRIES) {
    throw new InvalidArgumentError(
      "grid",
      `${sizeText(grid, s)}; the generator alone would have ≈ ${s.largest.toPrecision(2)} entries, more than the 2^31 − 1 a sparse matrix with 32-bit indices holds: use fewer cells`,
    );
  }
  return s;
}
