import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import type { FokkerPlanckOperator } from "./operator.js";
import { spmv } from "./sparse/csr.js";

/**
 * Probability current `J·e_k` through every face normal to each axis, from the same discrete
 * fluxes as the generator (so it vanishes to round-off at a detailed-balance steady state).
 * Layout of axis k: like cells with `cells[k] + 1` entries on axis k (see `operator.faceShapes`).
 *
 * @example
 * ```ts
 * const [jx, jy] = faceCurrent(op, rho);
 * ```
 */
export function faceCurrent(op: FokkerPlanckOperator, rho: Float64Array): Float64Array[] {
  if (rho.length !== op.grid.size)
    throw new ShapeMismatchError("rho", `length ${rho.length} ≠ grid.size ${op.grid.size}`);
  return op.faceFluxes.map((F) => spmv(F, rho, new Float64Array(F.rows)));
}

/**
 * Cell-centred current `J[i * dim + k]`: the average of the fluxes on the two faces of cell i
 * normal to axis k.
 *
 * @example
 * ```ts
 * const J = current(op, ss.density); // J[i * 2 + 0] = J_x at cell i
 * ```
 */
export function current(op: FokkerPlanckOperator, rho: Float64Array): Float64Array {
  const { grid } = op;
  const faces = faceCurrent(op, rho);
  const d = grid.dim;
  const out = new Float64Array(grid.size * d);
  for (let k = 0; k < d; k++) {
    const shape = op.faceShapes[k];
    const fstr = new Array<number>(d);
    let s = 1;
    for (let a = d - 1; a >= 0; a--) {
      fstr[a] = s;
      s *= shape[a];
    }
    const Jk = faces[k];
    for (let c = 0; c < grid.size; c++) {
      let fi = 0;
      let rem = c;
      for (let a = 0; a < d; a++) {
        const ia = Math.floor(rem / grid.strides[a]);
        rem -= ia * grid.strides[a];
        fi += ia * fstr[a];
      }
      out[c * d + k] = 0.5 * (Jk[fi] + Jk[fi + fstr[k]]);
    }
  }
  return out;
}

/** Options of {@link circulation}. */
export interface CirculationOptions {
  /** Corners of the loop `[[xlo, xhi], [ylo, yhi]]` in the plane of `axes`. */
  rectangle: readonly [readonly [number, number], readonly [number, number]];
  /** The two axes spanning the plane (default [0, 1]); other coordinates: the cell containing `at`. */
  axes?: readonly [number, number];
  /** A point fixing the remaining coordinates in 3-D. */
  at?: ArrayLike<number>;
}

/**
 * Circulation `∮ J·dl` of the cell-centred current counter-clockwise around a rectangle of cell
 * centres (positive for a counter-clockwise rotating current).
 *
 * @example
 * ```ts
 * circulation(op, ss.density, { rectangle: [[-0.5, 0.5], [-0.5, 0.5]] }); // > 0 for CCW flow
 * ```
 */
export function circulation(
  op: FokkerPlanckOperator,
  rho: Float64Array,
  options: CirculationOptions,
): number {
  const { grid } = op;
  if (grid.dim < 2) throw new InvalidArgumentError("op", "circulation needs a grid of dimension ≥ 2");
  const [a, b] = options.axes ?? [0, 1];
  const J = current(op, rho);
  const d = grid.dim;
  const base = grid.unravel(grid.locate(options.at ?? grid.center(Math.floor(grid.size / 2))));
  const idx = (ax: number, x: number) => {
    const i = Math.round((x - grid.bounds[ax][0]) / grid.spacing[ax] - 0.5);
    return Math.min(grid.cells[ax] - 1, Math.max(0, i));
  };
  const [[xlo, xhi], [ylo, yhi]] = options.rectangle;
  const i0 = idx(a, xlo);
  const i1 = idx(a, xhi);
  const j0 = idx(b, ylo);
  const j1 = idx(b, yhi);
  if (!(i1 > i0 && j1 > j0))
    throw new InvalidArgumentError("options.rectangle", "must span at least two cells per axis");
  const at = (i: number, j: number, comp: number) => {
    const m = [...base];
    m[a] = i;
    m[b] = j;
    return J[grid.ravel(m) * d + comp];
  };
  const ha = grid.spacing[a];
  const hb = grid.spacing[b];
  let s = 0;
  // trapezoid rule along each edge of the loop of cell centres
  for (let i = i0; i < i1; i++) s += 0.5 * (at(i, j0, a) + at(i + 1, j0, a)) * ha; // bottom, +x
  for (let j = j0; j < j1; j++) s += 0.5 * (at(i1, j, b) + at(i1, j + 1, b)) * hb; // right, +y
  for (let i = i1; i > i0; i--) s -= 0.5 * (at(i, j1, a) + at(i - 1, j1, a)) * ha; // top, −x
  for (let j = j1; j > j0; j--) s -= 0.5 * (at(i0, j, b) + at(i0, j - 1, b)) * hb; // left, −y
  return s;
}
