import type { Grid } from "../grid.js";
import type { Preconditioner } from "./bicgstab.js";
import { CooBuilder, type CsrMatrix, diagonalPositions, multiply, transpose } from "./csr.js";

/** One level of the hierarchy. */
interface Level {
  A: CsrMatrix;
  diag: Int32Array;
  /** Interpolation from the next coarser level (absent on the coarsest). */
  P?: CsrMatrix;
  R?: CsrMatrix;
  x: Float64Array;
  b: Float64Array;
  r: Float64Array;
}

/** Options of {@link multigridHierarchy}. */
export interface MultigridOptions {
  /** Gauss–Seidel sweeps before and after the coarse correction (default 2). */
  sweeps?: number;
  /** Stop coarsening at or below this many unknowns (default 400). */
  coarsest?: number;
}

/** Summary of a multigrid hierarchy. */
export interface MultigridInfo {
  levels: number;
  sizes: number[];
  nnz: number[];
}

/**
 * Cell-centred linear interpolation along one axis (fine n = 2 nc): fine 2I ← ¾ c_I + ¼ c_{I−1},
 * fine 2I+1 ← ¾ c_I + ¼ c_{I+1}; constant extrapolation at walls, wrap-around when periodic.
 */
function interpolation1d(nc: number, periodic: boolean): Array<Array<[number, number]>> {
  const rows: Array<Array<[number, number]>> = [];
  for (let I = 0; I < nc; I++) {
    for (const side of [-1, 1]) {
      let J = I + side;
      if (J < 0 || J >= nc) {
        if (periodic) J = (J + nc) % nc;
        else J = -1;
      }
      rows.push(
        J < 0
          ? [[I, 1]]
          : [
              [I, 0.75],
              [J, 0.25],
            ],
      );
    }
  }
  return rows;
}

/**
 * Builds a geometric multigrid hierarchy for a matrix on a tensor grid (row-major cells) by
 * cell-centred coarsening (halving every axis with an even number ≥ 4 of cells), linear
 * interpolation P, restriction R = Pᵀ and Galerkin coarse operators R A P (which keep a
 * generator's zero column sums). Returns a V-cycle preconditioner with symmetric Gauss–Seidel
 * smoothing and a dense LU on the coarsest level.
 *
 * @example
 * ```ts
 * const pre = multigridPreconditioner(A, g);
 * bicgstab(A, b, x, { preconditioner: pre });
 * ```
 */
export function multigridPreconditioner(
  A: CsrMatrix,
  grid: Grid,
  options: MultigridOptions = {},
): Preconditioner & { info: MultigridInfo } {
  const sweeps = options.sweeps ?? 2;
  const coarsest = options.coarsest ?? 400;
  const levels: Level[] = [];
  let shape = [...grid.cells];
  const periodic = grid.bc.map((p) => p[0] === "periodic");
  let cur = A;
  for (;;) {
    const n = cur.rows;
    const level: Level = {
      A: cur,
      diag: diagonalPositions(cur),
      x: new Float64Array(n),
      b: new Float64Array(n),
      r: new Float64Array(n),
    };
    levels.push(level);
    const coarsen = shape.map((s) => s % 2 === 0 && s >= 4);
    if (n <= coarsest || !coarsen.some(Boolean) || levels.length > 24) break;
    const cshape = shape.map((s, k) => (coarsen[k] ? s / 2 : s));
    const P = tensorInterpolation(shape, cshape, coarsen, periodic);
    const R = transpose(P);
    level.P = P;
    level.R = R;
    cur = multiply(R, multiply(cur, P));
    shape = cshape;
  }
  const last = levels[levels.length - 1];
  // dense LU on a small coarsest level; many Gauss–Seidel sweeps when coarsening stalled early
  const lu = last.A.rows <= 2500 ? denseLu(last.A) : undefined;

  const smooth = (L: Level, forward: boolean) => {
    const { rowPtr, colIndex, values } = L.A;
    const { x, b, diag } = L;
    const n = L.A.rows;
    for (let s = 0; s < sweeps; s++) {
      if (forward) {
        for (let i = 0; i < n; i++) {
          let acc = b[i];
          for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) acc -= values[p] * x[colIndex[p]];
          x[i] += acc / values[diag[i]];
        }
      } else {
        for (let i = n - 1; i >= 0; i--) {
          let acc = b[i];
          for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) acc -= values[p] * x[colIndex[p]];
          x[i] += acc / values[diag[i]];
        }
      }
    }
  };
  const vcycle = (li: number) => {
    const L = levels[li];
    if (li === levels.length - 1) {
      if (lu) luSolve(lu, L.b, L.x);
      else
        for (let s = 0; s < 10; s++) {
          smooth(L, true);
          smooth(L, false);
        }
      return;
    }
    smooth(L, true);
    // residual
    const { rowPtr, colIndex, values } = L.A;
    const n = L.A.rows;
    for (let i = 0; i < n; i++) {
      let acc = L.b[i];
      for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) acc -= values[p] * L.x[colIndex[p]];
      L.r[i] = acc;
    }
    const C = levels[li + 1];
    const R = L.R as CsrMatrix;
    for (let I = 0; I < R.rows; I++) {
      let acc = 0;
      for (let p = R.rowPtr[I], e = R.rowPtr[I + 1]; p < e; p++) acc += R.values[p] * L.r[R.colIndex[p]];
      C.b[I] = acc;
    }
    C.x.fill(0);
    vcycle(li + 1);
    const P = L.P as CsrMatrix;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let p = P.rowPtr[i], e = P.rowPtr[i + 1]; p < e; p++) acc += P.values[p] * C.x[P.colIndex[p]];
      L.x[i] += acc;
    }
    smooth(L, false);
  };
  const pre = ((r: Float64Array, z: Float64Array) => {
    const L0 = levels[0];
    L0.b.set(r);
    L0.x.fill(0);
    vcycle(0);
    z.set(L0.x);
  }) as Preconditioner & { info: MultigridInfo };
  pre.info = {
    levels: levels.length,
    sizes: levels.map((l) => l.A.rows),
    nnz: levels.map((l) => l.A.rowPtr[l.A.rows]),
  };
  return pre;
}

function tensorInterpolation(
  shape: number[],
  cshape: number[],
  coarsen: boolean[],
  periodic: boolean[],
): CsrMatrix {
  const dim = shape.length;
  const per = shape.map((s, k) =>
    coarsen[k]
      ? interpolation1d(cshape[k], periodic[k])
      : Array.from({ length: s }, (_, i) => [[i, 1]] as Array<[number, number]>),
  );
  let nf = 1;
  let nc = 1;
  for (let k = 0; k < dim; k++) {
    nf *= shape[k];
    nc *= cshape[k];
  }
  const cstr = new Array<number>(dim);
  let s = 1;
  for (let k = dim - 1; k >= 0; k--) {
    cstr[k] = s;
    s *= cshape[k];
  }
  const coo = new CooBuilder(nf, nc, nf * 2 ** dim);
  const m = new Array<number>(dim).fill(0);
  for (let f = 0; f < nf; f++) {
    // Cartesian product of per-axis weight lists
    const lists = m.map((i, k) => per[k][i]);
    const rec = (k: number, col: number, w: number) => {
      if (k === dim) {
        coo.add(f, col, w);
        return;
      }
      for (const [j, wj] of lists[k]) rec(k + 1, col + j * cstr[k], w * wj);
    };
    rec(0, 0, 1);
    for (let a = dim - 1; a >= 0; a--) {
      if (++m[a] < shape[a]) break;
      m[a] = 0;
    }
  }
  return coo.toCsr();
}

interface DenseLu {
  n: number;
  a: Float64Array;
  piv: Int32Array;
}

function denseLu(A: CsrMatrix): DenseLu {
  const n = A.rows;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) a[i * n + A.colIndex[p]] += A.values[p];
  }
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let best = k;
    let bv = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > bv) {
        bv = v;
        best = i;
      }
    }
    piv[k] = best;
    if (best !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[best * n + j];
        a[best * n + j] = t;
      }
    }
    const d = a[k * n + k];
    if (d === 0) continue; // singular coarse level: leave the component (preconditioner only)
    for (let i = k + 1; i < n; i++) {
      const l = (a[i * n + k] /= d);
      if (l !== 0) for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return { n, a, piv };
}

function luSolve(f: DenseLu, b: Float64Array, x: Float64Array): void {
  const { n, a, piv } = f;
  x.set(b);
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    for (let i = k + 1; i < n; i++) x[i] -= a[i * n + k] * x[k];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= a[i * n + j] * x[j];
    const d = a[i * n + i];
    x[i] = d === 0 ? 0 : s / d;
  }
}
