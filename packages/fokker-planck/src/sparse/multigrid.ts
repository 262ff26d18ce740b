import type { Grid } from "../grid.js";
import type { Preconditioner } from "./bicgstab.js";
import { CooBuilder, type CsrMatrix, diagonalPositions, tripleProduct } from "./csr.js";

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

/** Options of {@link multigridPreconditioner}. */
export interface MultigridOptions {
  /** Gauss–Seidel sweeps before and after the coarse correction (default 1). */
  sweeps?: number;
  /** Stop coarsening at or below this many unknowns (default 400). */
  coarsest?: number;
}

/** Summary of a multigrid hierarchy. */
export interface MultigridInfo {
  /** Number of grid levels, the finest included. */
  levels: number;
  /** Unknowns per level, finest first. */
  sizes: number[];
  /** Stored matrix entries per level, finest first. */
  nnz: number[];
}

/**
 * Cell-centred linear interpolation along one axis (fine n = 2 nc) as CSR: fine 2I ← ¾ c_I + ¼ c_{I−1},
 * fine 2I+1 ← ¾ c_I + ¼ c_{I+1}; constant extrapolation at walls, wrap-around when periodic.
 */
function interpolation1d(nc: number, periodic: boolean): CsrMatrix {
  const b = new CooBuilder(2 * nc, nc, 4 * nc);
  for (let I = 0; I < nc; I++) {
    for (const side of [-1, 1]) {
      const row = 2 * I + (side > 0 ? 1 : 0);
      let J = I + side;
      if (J < 0 || J >= nc) J = periodic ? (J + nc) % nc : -1;
      if (J < 0) b.add(row, I, 1);
      else {
        b.add(row, I, 0.75);
        b.add(row, J, 0.25);
      }
    }
  }
  return b.toCsr();
}

/** Aggregation along one axis: coarse I sums fine 2I and 2I+1. */
function aggregation1d(nc: number): CsrMatrix {
  const b = new CooBuilder(nc, 2 * nc, 2 * nc);
  for (let I = 0; I < nc; I++) {
    b.add(I, 2 * I, 1);
    b.add(I, 2 * I + 1, 1);
  }
  return b.toCsr();
}

function identity(n: number): CsrMatrix {
  const rowPtr = new Int32Array(n + 1);
  const colIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] = i + 1;
    colIndex[i] = i;
  }
  return { rows: n, cols: n, rowPtr, colIndex, values: new Float64Array(n).fill(1) };
}

/** Kronecker product A ⊗ B (row-major: the index of B varies fastest). */
function kron(a: CsrMatrix, b: CsrMatrix): CsrMatrix {
  const rows = a.rows * b.rows;
  const nnz = a.rowPtr[a.rows] * b.rowPtr[b.rows];
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let w = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < b.rows; k++) {
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
        const c0 = a.colIndex[p] * b.cols;
        const v0 = a.values[p];
        for (let q = b.rowPtr[k]; q < b.rowPtr[k + 1]; q++) {
          colIndex[w] = c0 + b.colIndex[q];
          values[w] = v0 * b.values[q];
          w++;
        }
      }
      rowPtr[i * b.rows + k + 1] = w;
    }
  }
  return { rows, cols: a.cols * b.cols, rowPtr, colIndex, values };
}

/**
 * Builds a geometric multigrid hierarchy for a matrix on a tensor grid (row-major cells) by
 * cell-centred coarsening (halving every axis with an even number ≥ 4 of cells), linear
 * interpolation P, restriction R by aggregation (sum over the 2^d children: the finite-volume
 * balance of the coarse cell) and Galerkin coarse operators R A P (which keep a generator's zero
 * column sums and a compact 3^d-point stencil). Returns a V-cycle preconditioner with symmetric Gauss–Seidel
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
): Preconditioner & {
  /** Levels and sizes of the hierarchy that was built. */
  info: MultigridInfo;
} {
  const sweeps = options.sweeps ?? 1;
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
    const { P, R } = tensorTransfer(shape, cshape, coarsen, periodic);
    level.P = P;
    level.R = R;
    cur = tripleProduct(R, cur, P);
    shape = cshape;
  }
  const last = levels[levels.length - 1];
  // dense LU on a small coarsest level; many Gauss–Seidel sweeps when coarsening stalled early
  const lu = last.A.rows <= 5000 ? denseLu(last.A) : undefined;

  const smooth = (L: Level, forward: boolean) => {
    for (let s = 0; s < sweeps; s++) gaussSeidel(L.A, L.diag, L.b, L.x, forward);
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
    residual(L.A, L.b, L.x, L.r);
    const C = levels[li + 1];
    multiplyInto(L.R as CsrMatrix, L.r, C.b, false);
    C.x.fill(0);
    vcycle(li + 1);
    multiplyInto(L.P as CsrMatrix, C.x, L.x, true);
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

/**
 * Cell-centred transfer operators between a tensor grid and its coarsening by 2 along `coarsen` axes:
 * linear interpolation P (fine × coarse) and aggregation R (coarse × fine).
 *
 * @example
 * ```ts
 * const { P, R } = tensorTransfer([8, 8], [4, 4], [true, true], [false, false]);
 * ```
 */
export function tensorTransfer(
  shape: number[],
  cshape: number[],
  coarsen: boolean[],
  periodic: boolean[],
): { P: CsrMatrix; R: CsrMatrix } {
  let P: CsrMatrix | undefined;
  let R: CsrMatrix | undefined;
  for (let k = 0; k < shape.length; k++) {
    const pk = coarsen[k] ? interpolation1d(cshape[k], periodic[k]) : identity(shape[k]);
    const rk = coarsen[k] ? aggregation1d(cshape[k]) : identity(shape[k]);
    P = P ? kron(P, pk) : pk;
    R = R ? kron(R, rk) : rk;
  }
  return { P: P as CsrMatrix, R: R as CsrMatrix };
}

/** A banded LU factorisation with partial pivoting (dense storage, band-limited loops). */
export interface DenseLu {
  n: number;
  a: Float64Array;
  piv: Int32Array;
  bw: number;
}

/**
 * LU with partial pivoting of a small sparse matrix, exploiting its bandwidth (cost n·bw²).
 *
 * @example
 * ```ts
 * const f = denseLu(a);
 * luSolve(f, b, x);
 * ```
 */
export function denseLu(A: CsrMatrix): DenseLu {
  const n = A.rows;
  const a = new Float64Array(n * n);
  let bw = 0;
  for (let i = 0; i < n; i++) {
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
      a[i * n + A.colIndex[p]] += A.values[p];
      bw = Math.max(bw, Math.abs(A.colIndex[p] - i));
    }
  }
  // banded elimination with partial pivoting: L has lower bandwidth bw, U upper bandwidth ≤ 2 bw
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const iEnd = Math.min(n, k + bw + 1);
    const jEnd = Math.min(n, k + 2 * bw + 1);
    let best = k;
    let bv = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < iEnd; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > bv) {
        bv = v;
        best = i;
      }
    }
    piv[k] = best;
    if (best !== k) {
      for (let j = k; j < jEnd; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[best * n + j];
        a[best * n + j] = t;
      }
    }
    const d = a[k * n + k];
    if (d === 0) continue; // singular coarse level: leave the component (preconditioner only)
    for (let i = k + 1; i < iEnd; i++) {
      const l = a[i * n + k] / d;
      a[i * n + k] = l;
      if (l !== 0) for (let j = k + 1; j < jEnd; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return { n, a, piv, bw };
}

/**
 * Solves with the factors of {@link denseLu} (`x` receives the solution).
 *
 * @example
 * ```ts
 * luSolve(denseLu(a), b, x);
 * ```
 */
export function luSolve(f: DenseLu, b: Float64Array, x: Float64Array): void {
  const { n, a, piv, bw } = f;
  x.set(b);
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    const iEnd = Math.min(n, k + bw + 1);
    for (let i = k + 1; i < iEnd; i++) x[i] -= a[i * n + k] * x[k];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    const jEnd = Math.min(n, i + 2 * bw + 1);
    for (let j = i + 1; j < jEnd; j++) s -= a[i * n + j] * x[j];
    const d = a[i * n + i];
    x[i] = d === 0 ? 0 : s / d;
  }
}

function gaussSeidel(
  A: CsrMatrix,
  diag: Int32Array,
  b: Float64Array,
  x: Float64Array,
  forward: boolean,
): void {
  const { rowPtr, colIndex, values } = A;
  const n = A.rows;
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

function residual(A: CsrMatrix, b: Float64Array, x: Float64Array, r: Float64Array): void {
  const { rowPtr, colIndex, values } = A;
  const n = A.rows;
  for (let i = 0; i < n; i++) {
    let acc = b[i];
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) acc -= values[p] * x[colIndex[p]];
    r[i] = acc;
  }
}

/** y = M v (add = false) or y += M v (add = true). */
function multiplyInto(M: CsrMatrix, v: Float64Array, y: Float64Array, add: boolean): void {
  const { rowPtr, colIndex, values } = M;
  const n = M.rows;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) acc += values[p] * v[colIndex[p]];
    y[i] = add ? y[i] + acc : acc;
  }
}
