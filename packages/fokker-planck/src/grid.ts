import { assertInteger, InvalidArgumentError } from "@langevin/core";

/** Boundary condition on one side of one axis. */
export type BoundaryCondition = "reflecting" | "periodic" | "absorbing";

/** Options of {@link grid}. */
export interface GridOptions {
  /** Per-axis interval `[lo, hi]`, one entry per dimension (1 to 3). */
  bounds: ReadonlyArray<readonly [number, number]>;
  /** Number of cells per axis. */
  cells: ReadonlyArray<number>;
  /**
   * Boundary conditions: one for every side, one per axis, or per axis `[lo, hi]`.
   * Periodic must be given on both sides of an axis. Default `"reflecting"` (no flux).
   */
  bc?: BoundaryCondition | ReadonlyArray<BoundaryCondition | readonly [BoundaryCondition, BoundaryCondition]>;
}

/**
 * A cell-centred tensor-product grid in 1 to 3 dimensions.
 *
 * Layout: a density is a `Float64Array` of length `size`; cell `(i0, i1, i2)` lives at
 * `i0 * strides[0] + i1 * strides[1] + i2 * strides[2]` (row-major, last axis fastest), so in 2-D the
 * index is `i * ny + j`. The centre of cell `i` along axis `k` is `lo_k + (i + 1/2) h_k`.
 */
export interface Grid {
  /** Number of axes (1 to 3). */
  readonly dim: number;
  /** `[lo, hi]` of the domain along each axis. */
  readonly bounds: ReadonlyArray<readonly [number, number]>;
  /** Number of cells along each axis. */
  readonly cells: readonly number[];
  /** Cell width per axis, `h_k = (hi_k − lo_k) / n_k`. */
  readonly spacing: Float64Array;
  /** Row-major strides per axis. */
  readonly strides: readonly number[];
  /** Total number of cells. */
  readonly size: number;
  /** Volume of one cell, `Π h_k`. */
  readonly cellVolume: number;
  /** Boundary conditions per axis, `[lo, hi]`. */
  readonly bc: ReadonlyArray<readonly [BoundaryCondition, BoundaryCondition]>;
  /** Centres along one axis (length `cells[k]`). */
  axisCenters(axis: number): Float64Array;
  /** All cell centres, `x[index * dim + k]`. */
  centers(): Float64Array;
  /** Writes the centre of cell `index` into `out` and returns it. */
  center(index: number, out?: Float64Array): Float64Array;
  /** Multi-index of a cell, `[i0, i1, i2]` (length `dim`). */
  unravel(index: number): number[];
  /** Flat index of a multi-index. */
  ravel(multi: ArrayLike<number>): number;
  /** Index of the cell containing point `x` (clamped to the grid). */
  locate(x: ArrayLike<number>): number;
}

/**
 * Builds a cell-centred grid.
 *
 * @example
 * ```ts
 * const g = grid({ bounds: [[-2, 2], [-1, 1]], cells: [64, 32], bc: "reflecting" });
 * g.size; // 2048, cell (i, j) at index i * 32 + j
 * ```
 */
export function grid(options: GridOptions): Grid {
  const { bounds, cells } = options;
  if (!Array.isArray(bounds) || bounds.length < 1 || bounds.length > 3) {
    throw new InvalidArgumentError("bounds", "must list 1 to 3 intervals [lo, hi]");
  }
  if (!Array.isArray(cells) || cells.length !== bounds.length) {
    throw new InvalidArgumentError("cells", `must have one entry per axis (${bounds.length})`);
  }
  const dim = bounds.length;
  const spacing = new Float64Array(dim);
  for (let k = 0; k < dim; k++) {
    const [lo, hi] = bounds[k];
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
      throw new InvalidArgumentError(`bounds[${k}]`, `must be finite with hi > lo, got [${lo}, ${hi}]`);
    }
    assertInteger(cells[k], `cells[${k}]`, 2);
    spacing[k] = (hi - lo) / cells[k];
  }
  const strides = new Array<number>(dim);
  let size = 1;
  for (let k = dim - 1; k >= 0; k--) {
    strides[k] = size;
    size *= cells[k];
  }
  const bc = parseBc(options.bc, dim);
  let cellVolume = 1;
  for (let k = 0; k < dim; k++) cellVolume *= spacing[k];
  const cellsCopy = [...cells];
  const boundsCopy = bounds.map(([a, b]) => [a, b] as const);

  const g: Grid = {
    dim,
    bounds: boundsCopy,
    cells: cellsCopy,
    spacing,
    strides,
    size,
    cellVolume,
    bc,
    axisCenters(axis) {
      const n = cellsCopy[axis];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = boundsCopy[axis][0] + (i + 0.5) * spacing[axis];
      return out;
    },
    centers() {
      const out = new Float64Array(size * dim);
      for (let idx = 0; idx < size; idx++) {
        let rem = idx;
        for (let k = 0; k < dim; k++) {
          const i = Math.floor(rem / strides[k]);
          rem -= i * strides[k];
          out[idx * dim + k] = boundsCopy[k][0] + (i + 0.5) * spacing[k];
        }
      }
      return out;
    },
    center(index, out = new Float64Array(dim)) {
      let rem = index;
      for (let k = 0; k < dim; k++) {
        const i = Math.floor(rem / strides[k]);
        rem -= i * strides[k];
        out[k] = boundsCopy[k][0] + (i + 0.5) * spacing[k];
      }
      return out;
    },
    unravel(index) {
      const m = new Array<number>(dim);
      let rem = index;
      for (let k = 0; k < dim; k++) {
        m[k] = Math.floor(rem / strides[k]);
        rem -= m[k] * strides[k];
      }
      return m;
    },
    ravel(multi) {
      let idx = 0;
      for (let k = 0; k < dim; k++) idx += multi[k] * strides[k];
      return idx;
    },
    locate(x) {
      let idx = 0;
      for (let k = 0; k < dim; k++) {
        let i = Math.floor((x[k] - boundsCopy[k][0]) / spacing[k]);
        if (i < 0) i = 0;
        if (i >= cellsCopy[k]) i = cellsCopy[k] - 1;
        idx += i * strides[k];
      }
      return idx;
    },
  };
  return g;
}

function parseBc(spec: GridOptions["bc"], dim: number): Array<[BoundaryCondition, BoundaryCondition]> {
  const valid = (b: unknown): b is BoundaryCondition =>
    b === "reflecting" || b === "periodic" || b === "absorbing";
  const out: Array<[BoundaryCondition, BoundaryCondition]> = [];
  if (spec === undefined || typeof spec === "string") {
    const b = spec ?? "reflecting";
    if (!valid(b)) throw new InvalidArgumentError("bc", `unknown boundary condition "${String(b)}"`);
    for (let k = 0; k < dim; k++) out.push([b, b]);
    return out;
  }
  if (!Array.isArray(spec) || spec.length !== dim) {
    throw new InvalidArgumentError("bc", `must be a string or have one entry per axis (${dim})`);
  }
  for (let k = 0; k < dim; k++) {
    const e = spec[k];
    const pair: [BoundaryCondition, BoundaryCondition] = typeof e === "string" ? [e, e] : [e[0], e[1]];
    if (!valid(pair[0]) || !valid(pair[1])) {
      throw new InvalidArgumentError(`bc[${k}]`, `unknown boundary condition ${JSON.stringify(e)}`);
    }
    if ((pair[0] === "periodic") !== (pair[1] === "periodic")) {
      throw new InvalidArgumentError(`bc[${k}]`, "periodic must be set on both sides of an axis");
    }
    out.push(pair);
  }
  return out;
}
