import { type Grid, grid as makeGrid } from "./grid.js";
import { type FokkerPlanckOperator, fokkerPlanck } from "./operator.js";
import { gridDissection } from "./sparse/dissection.js";
import { gthPlan, gthStationary } from "./sparse/gth.js";

/**
 * log ρ_ss of the same problem on a coarser grid of at most `maxCells` cells (same box, same
 * boundary conditions, the same cross-diffusion scheme), computed by GTH — right at any temperature,
 * up to the coarse grid's discretisation error — and interpolated multilinearly in log ρ to the
 * cells of `op.grid`. An estimate of −U that does not depend on any fine-grid solve: it finds the
 * wells and their depths before choosing a solver, and gives the basins that check its answer.
 *
 * @example
 * ```ts
 * const logRho = coarseLogDensity(op); // length op.grid.size, an additive constant is free
 * ```
 */
export function coarseLogDensity(
  op: FokkerPlanckOperator,
  maxCells = 4096,
  signal?: AbortSignal,
): Float64Array {
  const g = op.grid;
  let factor = 1;
  const shape = () => g.cells.map((n) => Math.max(2, Math.round(n / factor)));
  while (shape().reduce((a, b) => a * b, 1) > maxCells) factor *= 1.25;
  const cells = shape();
  const coarse =
    factor === 1
      ? op
      : fokkerPlanck(op.problem, makeGrid({ bounds: g.bounds, cells, bc: g.bc }), {
          pecletWarning: Number.POSITIVE_INFINITY,
          crossDiffusion: op.discretisation.crossDiffusion,
          flux: op.discretisation.flux,
        });
  const log = gthStationary(
    coarse.generator,
    gthPlan(coarse.generator, gridDissection(coarse.grid, coarse.generator)),
    {
      signal,
    },
  );
  return factor === 1 ? log : interpolateLog(coarse.grid, log, g);
}

/** Multilinear interpolation of cell values on `from` to the cell centres of `to` (same box). */
function interpolateLog(from: Grid, values: Float64Array, to: Grid): Float64Array {
  const dim = to.dim;
  const out = new Float64Array(to.size);
  const x = new Float64Array(dim);
  const i0 = new Int32Array(dim);
  const i1 = new Int32Array(dim);
  const w = new Float64Array(dim);
  const periodic = from.bc.map(([b]) => b === "periodic");
  for (let c = 0; c < to.size; c++) {
    to.center(c, x);
    for (let k = 0; k < dim; k++) {
      const n = from.cells[k];
      const u = (x[k] - from.bounds[k][0]) / from.spacing[k] - 0.5;
      let a = Math.floor(u);
      let t = u - a;
      if (periodic[k]) {
        i0[k] = ((a % n) + n) % n;
        i1[k] = (i0[k] + 1) % n;
      } else {
        if (a < 0) {
          a = 0;
          t = 0;
        } else if (a >= n - 1) {
          a = n - 1;
          t = 0;
        }
        i0[k] = a;
        i1[k] = Math.min(a + 1, n - 1);
      }
      w[k] = t;
    }
    let v = 0;
    for (let corner = 0; corner < 1 << dim; corner++) {
      let weight = 1;
      let idx = 0;
      for (let k = 0; k < dim; k++) {
        const hi = (corner >> k) & 1;
        weight *= hi ? w[k] : 1 - w[k];
        idx += (hi ? i1[k] : i0[k]) * from.strides[k];
      }
      // a zero weight must not meet a −∞ (a cell whose probability underflowed)
      if (weight > 0) v += weight * values[idx];
    }
    out[c] = v;
  }
  return out;
}
