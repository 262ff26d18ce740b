import type { Grid } from "./grid.js";
import { type CsrMatrix, CsrRowBuilder } from "./sparse/csr.js";

/**
 * The generator L = −div J from face fluxes: row c gathers +F[lower face]/h − F[upper face]/h per
 * axis, so its columns sum to zero wherever no flux leaves through an absorbing wall, whatever the
 * flux. Every row keeps its diagonal; with `dropCancelled`, entries that summed to exactly zero
 * (jumps routed through a cell) are dropped.
 */
export function generatorFromFluxes(
  grid: Grid,
  faceFluxes: readonly CsrMatrix[],
  faceShapes: readonly (readonly number[])[],
  dropCancelled: boolean,
): CsrMatrix {
  const dim = grid.dim;
  const N = grid.size;
  const { cells, spacing } = grid;
  let cap = N;
  for (const F of faceFluxes) cap += 2 * F.rowPtr[F.rows];
  const Lb = new CsrRowBuilder(N, N, cap);
  const faceStrides = faceShapes.map((shape) => {
    const st = new Array<number>(dim);
    let s = 1;
    for (let a = dim - 1; a >= 0; a--) {
      st[a] = s;
      s *= shape[a];
    }
    return st;
  });
  const m = new Int32Array(dim);
  for (let c = 0; c < N; c++) {
    if (c > 0) {
      for (let a = dim - 1; a >= 0; a--) {
        if (++m[a] < cells[a]) break;
        m[a] = 0;
      }
    }
    Lb.add(c, 0); // keep a full diagonal
    for (let k = 0; k < dim; k++) {
      const F = faceFluxes[k];
      const st = faceStrides[k];
      let fl = 0;
      for (let a = 0; a < dim; a++) fl += m[a] * st[a];
      const fu = fl + st[k];
      const inv = 1 / spacing[k];
      for (let p = F.rowPtr[fl], e = F.rowPtr[fl + 1]; p < e; p++) Lb.add(F.colIndex[p], F.values[p] * inv);
      for (let p = F.rowPtr[fu], e = F.rowPtr[fu + 1]; p < e; p++) Lb.add(F.colIndex[p], -F.values[p] * inv);
    }
    Lb.endRow(dropCancelled ? c : -1);
  }
  return Lb.finish();
}
