import type { Grid } from "./grid.js";
import type { FokkerPlanckWarning, OperatorDiagnostics } from "./operator.js";
import type { CsrMatrix } from "./sparse/csr.js";

/** What {@link operatorDiagnostics} reads besides the generator. */
export interface DiagnosticInputs {
  grid: Grid;
  generator: CsrMatrix;
  maxPeclet: number;
  maxPecletPoint: number[] | undefined;
  /** Per axis, the longest jump of the stencil in cells. */
  stencilReach: number[];
  /** Emit "cell-peclet" above this (default 2). */
  pecletWarning?: number;
}

/**
 * Exit rates, the M-matrix sign pattern (off-diagonals below −1e-13 · maxRate count as violations)
 * and the Péclet number of an assembled generator, with the warnings they call for.
 */
export function operatorDiagnostics(
  input: DiagnosticInputs,
  warn: (w: FokkerPlanckWarning) => void,
): OperatorDiagnostics {
  const { grid, generator, maxPeclet, stencilReach } = input;
  const N = generator.rows;
  let violations = 0;
  let minOff = 0;
  let maxRate = 0;
  for (let i = 0; i < N; i++) {
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      if (generator.colIndex[p] === i) {
        const r = Math.abs(generator.values[p]);
        if (r > maxRate) maxRate = r;
      }
    }
  }
  const scale = maxRate;
  for (let i = 0; i < N; i++) {
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      if (generator.colIndex[p] !== i) {
        const v = generator.values[p];
        if (v < -1e-13 * scale) {
          violations++;
          if (v < minOff) minOff = v;
        }
      }
    }
  }
  const pecletLimit = input.pecletWarning ?? 2;
  if (maxPeclet > pecletLimit) {
    warn({
      code: "cell-peclet",
      message: `cell Péclet number ${maxPeclet.toPrecision(3)} exceeds ${pecletLimit}: the grid is coarse for the drift`,
      point: input.maxPecletPoint,
      value: maxPeclet,
    });
  }
  const { cells, bc, dim } = grid;
  for (let k = 0; k < dim; k++) {
    // a jump longer than half the axis starts inside the wall's reach from most cells and is dropped
    // there (reflecting walls): the chain can lose whole directions and become reducible
    if (bc[k][0] !== "periodic" && 2 * stencilReach[k] > cells[k]) {
      warn({
        code: "stencil",
        message: `the monotone stencil jumps ${stencilReach[k]} cells along axis ${k} (Selling directions of a strongly anisotropic D), more than half of the grid's ${cells[k]}: most of those jumps would cross a wall and are dropped; use more cells along axis ${k} or central cross-diffusion`,
        value: stencilReach[k],
      });
    }
  }
  if (violations > 0) {
    warn({
      code: "positivity",
      message: `${violations} negative off-diagonal generator entries (most negative ${minOff.toPrecision(3)}): cross-diffusion breaks the M-matrix property; densities may go slightly negative`,
      value: violations,
    });
  }
  return {
    maxCellPeclet: maxPeclet,
    positivityViolations: violations,
    minOffDiagonal: minOff,
    maxRate,
    stencilReach,
  };
}
