import type { FokkerPlanckOperator, Grid } from "@langevin/fokker-planck";
import { spmv } from "@langevin/fokker-planck";
import { ARROWS } from "./protocol.js";

/**
 * The current of ρ from the operator's own face fluxes (the ones the solver uses), averaged to cell
 * centres, into `out` (J[c*2+k]); `faces` are two work arrays of the face shapes. Same as
 * `current(op, ρ)` of @langevin/fokker-planck without its per-call allocations.
 * @example
 * cellCurrent(op, rho, [new Float64Array(op.faceFluxes[0].rows), new Float64Array(op.faceFluxes[1].rows)], out);
 */
export function cellCurrent(
  op: FokkerPlanckOperator,
  rho: Float64Array,
  faces: Float64Array[],
  out: Float64Array,
): Float64Array {
  const nx = op.grid.cells[0];
  const ny = op.grid.cells[1];
  spmv(op.faceFluxes[0], rho, faces[0]); // shape (nx+1) × ny
  spmv(op.faceFluxes[1], rho, faces[1]); // shape nx × (ny+1)
  const F0 = faces[0];
  const F1 = faces[1];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const c = i * ny + j;
      out[2 * c] = 0.5 * (F0[i * ny + j] + F0[(i + 1) * ny + j]);
      out[2 * c + 1] = 0.5 * (F1[i * (ny + 1) + j] + F1[i * (ny + 1) + j + 1]);
    }
  }
  return out;
}

/**
 * Block averages of a cell-centred current J[i*2+k] onto ARROWS × ARROWS cells (for the arrows).
 * @example
 * const arrows = coarseCurrent(g, current(op, rho)); // length 2·ARROWS²
 */
export function coarseCurrent(g: Grid, J: Float64Array): Float32Array {
  const nx = g.cells[0];
  const ny = g.cells[1];
  const out = new Float32Array(ARROWS * ARROWS * 2);
  const cnt = new Float32Array(ARROWS * ARROWS);
  for (let i = 0; i < nx; i++) {
    const I = Math.min(ARROWS - 1, Math.floor((i * ARROWS) / nx));
    for (let j = 0; j < ny; j++) {
      const Jj = Math.min(ARROWS - 1, Math.floor((j * ARROWS) / ny));
      const q = I * ARROWS + Jj;
      const c = i * ny + j;
      out[2 * q] += J[2 * c];
      out[2 * q + 1] += J[2 * c + 1];
      cnt[q]++;
    }
  }
  for (let q = 0; q < cnt.length; q++) {
    out[2 * q] /= cnt[q];
    out[2 * q + 1] /= cnt[q];
  }
  return out;
}
