/**
 * Compressed sparse row matrix: the entries of row `i` are `values[rowPtr[i] .. rowPtr[i+1])` at
 * columns `colIndex[...]`, columns sorted ascending within a row, no duplicates.
 */
export interface CsrMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row i's entries are at `rowPtr[i] .. rowPtr[i + 1] - 1` (length rows + 1). */
  readonly rowPtr: Int32Array;
  /** Column of each stored entry, ascending within a row. */
  readonly colIndex: Int32Array;
  /** Value of each stored entry. */
  readonly values: Float64Array;
}

/**
 * Growable coordinate (triplet) list; duplicates are summed by {@link CooBuilder.toCsr}.
 *
 * @example
 * ```ts
 * const b = new CooBuilder(2, 2);
 * b.add(0, 0, 1); b.add(0, 0, 2); b.add(1, 0, -1);
 * const m = b.toCsr(); // [[3, 0], [-1, 0]]
 * ```
 */
export class CooBuilder {
  private r: Int32Array;
  private c: Int32Array;
  private v: Float64Array;
  private n = 0;
  constructor(
    /** Rows of the matrix being built. */
    readonly rows: number,
    /** Columns of the matrix being built. */
    readonly cols: number,
    capacity = 16,
  ) {
    this.r = new Int32Array(capacity);
    this.c = new Int32Array(capacity);
    this.v = new Float64Array(capacity);
  }
  /** Adds `value` at `(row, col)`. */
  add(row: number, col: number, value: number): void {
    if (this.n === this.r.length) this.grow();
    this.r[this.n] = row;
    this.c[this.n] = col;
    this.v[this.n] = value;
    this.n++;
  }
  private grow(): void {
    const cap = this.r.length * 2;
    const r = new Int32Array(cap);
    r.set(this.r);
    const c = new Int32Array(cap);
    c.set(this.c);
    const v = new Float64Array(cap);
    v.set(this.v);
    this.r = r;
    this.c = c;
    this.v = v;
  }
  /** Converts to CSR, summing duplicates and sorting columns. Keeps explicit zeros on request. */
  toCsr(dropZeros = false): CsrMatrix {
    const { rows, n } = this;
    const count = new Int32Array(rows + 1);
    for (let e = 0; e < n; e++) count[this.r[e] + 1]++;
    for (let i = 0; i < rows; i++) count[i + 1] += count[i];
    const cols = new Int32Array(n);
    const vals = new Float64Array(n);
    const fill = count.slice(0, rows);
    for (let e = 0; e < n; e++) {
      const p = fill[this.r[e]]++;
      cols[p] = this.c[e];
      vals[p] = this.v[e];
    }
    // sort each row by column (insertion sort: rows are short) and merge duplicates
    const rowPtr = new Int32Array(rows + 1);
    let w = 0;
    for (let i = 0; i < rows; i++) {
      const a = count[i];
      const b = count[i + 1];
      for (let p = a + 1; p < b; p++) {
        const cc = cols[p];
        const vv = vals[p];
        let q = p - 1;
        while (q >= a && cols[q] > cc) {
          cols[q + 1] = cols[q];
          vals[q + 1] = vals[q];
          q--;
        }
        cols[q + 1] = cc;
        vals[q + 1] = vv;
      }
      rowPtr[i] = w;
      let p = a;
      while (p < b) {
        const cc = cols[p];
        let s = 0;
        while (p < b && cols[p] === cc) s += vals[p++];
        if (dropZeros && s === 0) continue;
        cols[w] = cc;
        vals[w] = s;
        w++;
      }
    }
    rowPtr[rows] = w;
    return { rows, cols: this.cols, rowPtr, colIndex: cols.slice(0, w), values: vals.slice(0, w) };
  }
}

/**
 * Builds a CSR matrix row by row: `add(col, value)` accumulates into the current row (duplicates
 * summed), `endRow()` sorts it and appends it. No per-entry allocation.
 *
 * @example
 * ```ts
 * const b = new CsrRowBuilder(2, 2);
 * b.add(1, 2); b.add(0, 1); b.add(1, 1); b.endRow(); // row 0 = [1, 3]
 * b.endRow(); // row 1 empty
 * const m = b.finish();
 * ```
 */
export class CsrRowBuilder {
  private readonly marker: Int32Array;
  private readonly acc: Float64Array;
  private list: Int32Array;
  private len = 0;
  private row = 0;
  private cap: number;
  private colIndex: Int32Array;
  private values: Float64Array;
  private readonly rowPtr: Int32Array;
  private w = 0;
  constructor(
    readonly rows: number,
    readonly cols: number,
    capacity = 16,
  ) {
    this.marker = new Int32Array(cols).fill(-1);
    this.acc = new Float64Array(cols);
    this.list = new Int32Array(64);
    this.cap = Math.max(16, capacity);
    this.colIndex = new Int32Array(this.cap);
    this.values = new Float64Array(this.cap);
    this.rowPtr = new Int32Array(rows + 1);
  }
  /** Adds `value` at column `col` of the current row. */
  add(col: number, value: number): void {
    if (this.marker[col] !== this.row) {
      this.marker[col] = this.row;
      this.acc[col] = value;
      if (this.len === this.list.length) {
        const l = new Int32Array(this.len * 2);
        l.set(this.list);
        this.list = l;
      }
      this.list[this.len++] = col;
    } else this.acc[col] += value;
  }
  /**
   * Closes the current row. With `keep` ≥ 0, entries that summed to exactly zero are dropped,
   * except column `keep` (contributions that cancel, e.g. fluxes routed through a cell, leave no
   * explicit zeros for the solvers to carry).
   */
  endRow(keep = -1): void {
    const { list, len } = this;
    for (let t = 1; t < len; t++) {
      const v = list[t];
      let q = t - 1;
      while (q >= 0 && list[q] > v) {
        list[q + 1] = list[q];
        q--;
      }
      list[q + 1] = v;
    }
    if (this.w + len > this.cap) {
      this.cap = Math.max(this.cap * 2, this.w + len);
      const c2 = new Int32Array(this.cap);
      c2.set(this.colIndex);
      const v2 = new Float64Array(this.cap);
      v2.set(this.values);
      this.colIndex = c2;
      this.values = v2;
    }
    for (let t = 0; t < len; t++) {
      const c = list[t];
      const v = this.acc[c];
      if (keep >= 0 && v === 0 && c !== keep) continue;
      this.colIndex[this.w] = c;
      this.values[this.w] = v;
      this.w++;
    }
    this.row++;
    this.rowPtr[this.row] = this.w;
    this.len = 0;
  }
  /** The finished matrix (all rows must have been closed). */
  finish(): CsrMatrix {
    return {
      rows: this.rows,
      cols: this.cols,
      rowPtr: this.rowPtr,
      colIndex: this.colIndex.slice(0, this.w),
      values: this.values.slice(0, this.w),
    };
  }
}

/**
 * `y = A x` (overwrites `y`, returns it).
 *
 * @example
 * ```ts
 * spmv(a, x, new Float64Array(a.rows));
 * ```
 */
export function spmv(a: CsrMatrix, x: Float64Array, y: Float64Array): Float64Array {
  const { rows, rowPtr, colIndex, values } = a;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) s += values[p] * x[colIndex[p]];
    y[i] = s;
  }
  return y;
}

/** Position of the diagonal entry of every row (−1 when absent). */
export function diagonalPositions(a: CsrMatrix): Int32Array {
  const d = new Int32Array(a.rows).fill(-1);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.colIndex[p] === i) {
        d[i] = p;
        break;
      }
    }
  }
  return d;
}

/** A copy with new values array (same pattern). */
export function cloneCsr(a: CsrMatrix): CsrMatrix {
  return {
    rows: a.rows,
    cols: a.cols,
    rowPtr: a.rowPtr,
    colIndex: a.colIndex,
    values: Float64Array.from(a.values),
  };
}

/** Transpose of a CSR matrix. */
export function transpose(a: CsrMatrix): CsrMatrix {
  const nnz = a.rowPtr[a.rows];
  const rowPtr = new Int32Array(a.cols + 1);
  for (let p = 0; p < nnz; p++) rowPtr[a.colIndex[p] + 1]++;
  for (let i = 0; i < a.cols; i++) rowPtr[i + 1] += rowPtr[i];
  const fill = rowPtr.slice(0, a.cols);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const q = fill[a.colIndex[p]]++;
      colIndex[q] = i;
      values[q] = a.values[p];
    }
  }
  return { rows: a.cols, cols: a.rows, rowPtr, colIndex, values };
}

/** Sparse product `A B` (Gustavson, row by row through {@link CsrRowBuilder}), columns sorted. */
export function multiply(a: CsrMatrix, b: CsrMatrix): CsrMatrix {
  const out = new CsrRowBuilder(a.rows, b.cols, Math.max(16, a.rowPtr[a.rows] * 2));
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const k = a.colIndex[p];
      const av = a.values[p];
      for (let q = b.rowPtr[k]; q < b.rowPtr[k + 1]; q++) out.add(b.colIndex[q], av * b.values[q]);
    }
    out.endRow();
  }
  return out.finish();
}

/**
 * Galerkin triple product `R A P` in one pass (Gustavson over the rows of R), columns sorted.
 *
 * @example
 * ```ts
 * const coarse = tripleProduct(R, A, P);
 * ```
 */
export function tripleProduct(r: CsrMatrix, a: CsrMatrix, p: CsrMatrix): CsrMatrix {
  const out = new CsrRowBuilder(r.rows, p.cols, Math.max(16, r.rows * 9));
  const { rowPtr: rp, colIndex: rc, values: rv } = r;
  const { rowPtr: ap, colIndex: ac, values: av } = a;
  const { rowPtr: pp, colIndex: pc, values: pv } = p;
  for (let K = 0; K < r.rows; K++) {
    for (let x = rp[K]; x < rp[K + 1]; x++) {
      const i = rc[x];
      const ri = rv[x];
      for (let y = ap[i]; y < ap[i + 1]; y++) {
        const j = ac[y];
        const ra = ri * av[y];
        for (let z = pp[j]; z < pp[j + 1]; z++) out.add(pc[z], ra * pv[z]);
      }
    }
    out.endRow();
  }
  return out.finish();
}
