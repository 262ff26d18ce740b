import { cholesky, InvalidArgumentError, NonFiniteError, NotPositiveDefiniteError } from "@langevin/core";
import type { Grid } from "./grid.js";
import type { FokkerPlanckProblem } from "./problem.js";

/**
 * The diffusion A = D / β of a problem, checked and normalised once: a constant stored once, a field
 * sampled at every cell centre. Flux discretisations read it through this object.
 */
export interface DiffusionField {
  /** True for full matrices (`constantMatrix`, `matrix`), false for scalar or diagonal D. */
  readonly full: boolean;
  /** True when D depends on x (`diagonal`, `matrix`). */
  readonly isField: boolean;
  /** Entries per point: dim² for full matrices, dim otherwise. */
  readonly stride: number;
  /** A_kk at the centre of cell c. */
  normal(c: number, k: number): number;
  /** A_kl at the centre of cell c (full matrices). */
  entry(c: number, k: number, l: number): number;
  /** A at the centre of cell c (`stride` entries) into `out`. */
  atCell(c: number, out: Float64Array): void;
  /** A at the point p into `out` (evaluates and checks the field; copies the constant). */
  at(p: Float64Array, out: Float64Array): void;
}

const where = (p: Float64Array | undefined) => (p ? `[${Array.from(p)}]` : "[constant]");

/**
 * Checks a diffusion sample D (finite; diagonal entries > 0; a full matrix symmetric and
 * positive-definite through core's Cholesky) and throws the typed error naming the point.
 */
function checkDiffusion(
  m: Float64Array,
  dim: number,
  full: boolean,
  p: Float64Array | undefined,
  scratch: Float64Array,
): void {
  for (let i = 0; i < m.length; i++) {
    if (!Number.isFinite(m[i])) {
      throw new NonFiniteError(`diffusion is ${m[i]} at x = ${where(p)}`, {
        point: p ? Array.from(p) : undefined,
        function: "diffusion",
      });
    }
  }
  if (!full) {
    for (let k = 0; k < dim; k++) {
      if (!(m[k] > 0)) {
        throw new NotPositiveDefiniteError(
          `diffusion is not positive-definite at x = ${where(p)}: D_${k}${k} = ${m[k]}`,
          p ? Array.from(p) : undefined,
          k,
        );
      }
    }
    return;
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i * dim + j];
      const b = m[j * dim + i];
      if (Math.abs(a - b) > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300)) {
        throw new InvalidArgumentError("problem.diffusion", `matrix is not symmetric at x = ${where(p)}`);
      }
    }
  }
  try {
    cholesky(m, dim, p, scratch);
  } catch (e) {
    if (!(e instanceof NotPositiveDefiniteError)) throw e;
    throw new NotPositiveDefiniteError(
      `diffusion is not positive-definite at x = ${where(p)} (pivot ${e.pivot})`,
      e.point,
      e.pivot,
    );
  }
}

/**
 * Reads `problem.diffusion` (default 1), checks it and returns A = D / β; a field is evaluated at
 * every cell centre here, and again at face centres on demand (`at`).
 */
export function diffusionField(problem: FokkerPlanckProblem, grid: Grid, beta: number): DiffusionField {
  const dim = grid.dim;
  const N = grid.size;
  const diff = problem.diffusion ?? 1;
  let full: boolean;
  let fieldFn: ((x: Float64Array, out: Float64Array) => void) | undefined;
  let constant: ArrayLike<number> | undefined;
  if (typeof diff === "number") full = false;
  else if ("constantDiagonal" in diff) {
    full = false;
    constant = diff.constantDiagonal;
  } else if ("constantMatrix" in diff) {
    full = true;
    constant = diff.constantMatrix;
  } else if ("diagonal" in diff) {
    full = false;
    fieldFn = diff.diagonal;
  } else if ("matrix" in diff) {
    full = true;
    fieldFn = diff.matrix;
  } else throw new InvalidArgumentError("problem.diffusion", "unknown diffusion form");
  const stride = full ? dim * dim : dim;
  const constA = new Float64Array(stride);
  const scratch = new Float64Array(dim * dim);

  if (typeof diff === "number") {
    if (!Number.isFinite(diff)) throw new NonFiniteError(`diffusion is ${diff}`, { function: "diffusion" });
    if (!(diff > 0)) throw new NotPositiveDefiniteError(`diffusion must be > 0, got ${diff}`);
    for (let k = 0; k < dim; k++) constA[k] = diff / beta;
  } else if (constant) {
    if (constant.length !== stride) {
      throw new InvalidArgumentError("problem.diffusion", `constant diffusion must have ${stride} entries`);
    }
    for (let i = 0; i < stride; i++) constA[i] = constant[i];
    checkDiffusion(constA, dim, full, undefined, scratch);
    for (let i = 0; i < stride; i++) constA[i] /= beta;
  }
  const at = fieldFn
    ? (p: Float64Array, out: Float64Array) => {
        fieldFn(p, out);
        checkDiffusion(out, dim, full, p, scratch);
        for (let i = 0; i < stride; i++) out[i] /= beta;
      }
    : (_p: Float64Array, out: Float64Array) => out.set(constA);
  // a field is stored per cell centre; a constant once
  let cellA: Float64Array | undefined;
  if (fieldFn) {
    cellA = new Float64Array(N * stride);
    const x = new Float64Array(dim);
    const tmp = new Float64Array(stride);
    for (let c = 0; c < N; c++) {
      grid.center(c, x);
      at(x, tmp);
      cellA.set(tmp, c * stride);
    }
  }
  const arr = cellA ?? constA;
  const step = cellA ? stride : 0;
  return {
    full,
    isField: fieldFn !== undefined,
    stride,
    normal: full ? (c, k) => arr[c * step + k * dim + k] : (c, k) => arr[c * step + k],
    entry: (c, k, l) => arr[c * step + k * dim + l],
    atCell: (c, out) => out.set(cellA ? cellA.subarray(c * stride, (c + 1) * stride) : constA),
    at,
  };
}
