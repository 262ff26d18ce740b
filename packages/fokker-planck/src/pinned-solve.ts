import { ConvergenceError } from "@langevin/core";
import { grid as makeGrid } from "./grid.js";
import { type FokkerPlanckOperator, fokkerPlanck } from "./operator.js";
import type { PreconditionerFactory } from "./preconditioners.js";
import { stationaryResidual } from "./residual.js";
import { bicgstab, type Preconditioner } from "./sparse/bicgstab.js";
import { type CsrMatrix, cloneCsr, diagonalPositions, spmv } from "./sparse/csr.js";
import { ilu0, iluSolve } from "./sparse/ilu.js";
import { denseLu, luSolve, multigridPreconditioner, tensorTransfer } from "./sparse/multigrid.js";

/** Below this many cells the multigrid method solves the pinned system directly (banded LU). */
const DIRECT_LIMIT = 1200;

/** Options of {@link pinnedStationary} (the iterative part of `StationaryOptions`). */
export interface PinnedOptions {
  tol?: number;
  maxIterations?: number;
  pin?: number;
  initial?: Float64Array;
  signal?: AbortSignal;
  /** Replaces the method's preconditioner (and the direct solve of small grids). */
  preconditioner?: PreconditionerFactory;
}

/** What {@link pinnedStationary} returns: a normalised density and how it was found. */
export interface PinnedResult {
  density: Float64Array;
  iterations: number;
  method: "multigrid" | "ilu";
  setupSeconds: number;
  solveSeconds: number;
}

/**
 * The stationary density as the solution of the pinned linear system (one cell's row replaced by the
 * identity), by BiCGSTAB preconditioned with geometric multigrid (Galerkin coarse operators on the
 * tensor grid, a dense LU below 1200 cells) or ILU(0), with the unknowns scaled by weights w ≈ ρ_ss.
 * Fast, but at low temperature its answer can put the mass in the wrong well with a tiny residual
 * (the generator's second eigenvalue is below round-off): `stationary()` checks it with
 * `splitDiagnostic` and uses GTH when it cannot be certified.
 *
 * @example
 * ```ts
 * const r = pinnedStationary(op, "multigrid", { tol: 1e-11 });
 * ```
 */
export function pinnedStationary(
  op: FokkerPlanckOperator,
  method: "multigrid" | "ilu",
  options: PinnedOptions = {},
): PinnedResult {
  const { grid } = op;
  const N = grid.size;
  const tol = options.tol ?? 1e-11;
  // Scalings to try in turn: a failed (stagnating) solve falls back to the next one.
  const candidates = scalingCandidates(op, method, options.signal);
  let used: "multigrid" | "ilu" = method;
  let rho: Float64Array = new Float64Array(0);
  let iterations = 0;
  let setup = 0;
  let solve = 0;
  for (let c = 0; c < candidates.length; c++) {
    const w = candidates[c].weights();
    used = candidates[c].method;
    let pin = options.pin ?? -1;
    if (pin < 0 && w && !op.potentialValues) {
      pin = 0;
      for (let i = 1; i < N; i++) if (w[i] > w[pin]) pin = i;
    }
    if (pin < 0) {
      if (op.potentialValues) {
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < N; i++) {
          if (op.potentialValues[i] < best) {
            best = op.potentialValues[i];
            pin = i;
          }
        }
      } else {
        pin = grid.ravel(grid.cells.map((n) => Math.floor(n / 2)));
      }
    }
    try {
      const first = solvePinned(op, pin, used, tol, options, w);
      rho = first.rho;
      iterations += first.iterations;
      setup += first.setup;
      solve += first.solve;
      // Re-pin at the mode when the pin sits in a low-density region (avoids precision loss).
      let mode = 0;
      for (let i = 1; i < N; i++) if (rho[i] > rho[mode]) mode = i;
      if (rho[mode] > 1e8 * rho[pin]) {
        const again = solvePinned(op, mode, used, tol, { ...options, initial: rho }, w);
        rho = again.rho;
        iterations += again.iterations;
        setup += again.setup;
        solve += again.solve;
      }
      // guard against a solve that met its tolerance but not the stationarity of ρ (scale-free check)
      const res = stationaryResidual(op.generator, rho);
      if (!(res <= Math.max(1e-8, 1e3 * tol))) {
        throw new ConvergenceError(`stationary residual ${res} after the ${used} solve`, iterations, res);
      }
      break;
    } catch (e) {
      if (!(e instanceof ConvergenceError) || c === candidates.length - 1) throw e;
      iterations += e.iterations;
    }
  }
  polishPositivity(op, rho);
  let mass = 0;
  for (let i = 0; i < N; i++) mass += rho[i];
  mass *= grid.cellVolume;
  for (let i = 0; i < N; i++) rho[i] /= mass;
  return { density: rho, iterations, method: used, setupSeconds: setup, solveSeconds: solve };
}

function solvePinned(
  op: FokkerPlanckOperator,
  pin: number,
  method: "multigrid" | "ilu",
  tol: number,
  options: PinnedOptions,
  w: Float64Array | undefined,
): { rho: Float64Array; iterations: number; setup: number; solve: number } {
  const N = op.grid.size;
  const A = pinnedSystem(op.generator, pin);
  const b = new Float64Array(N);
  const dpos = diagonalPositions(A);
  b[pin] = A.values[dpos[pin]];
  if (method === "multigrid" && N <= DIRECT_LIMIT && !options.preconditioner) {
    const t0 = performance.now();
    const f = denseLu(A);
    const x = new Float64Array(N);
    luSolve(f, b, x);
    // one step of iterative refinement
    const r = spmv(A, x, new Float64Array(N));
    for (let i = 0; i < N; i++) r[i] = b[i] - r[i];
    const dx = new Float64Array(N);
    luSolve(f, r, dx);
    for (let i = 0; i < N; i++) x[i] += dx[i];
    const t = (performance.now() - t0) / 1000;
    return { rho: x, iterations: 0, setup: t, solve: 0 };
  }
  const x = new Float64Array(N);
  if (options.initial) {
    const s = options.initial[pin];
    if (s > 0) for (let i = 0; i < N; i++) x[i] = options.initial[i] / s;
    else x.fill(1);
  } else x.fill(1);
  // Column scaling ρ = w ⊙ u with w ≈ ρ_ss: the near-null vector of A diag(w) is then ≈ constant,
  // which linear interpolation represents (without it, multigrid fails for large β).
  if (w) {
    for (let i = 0; i < N; i++) {
      for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) A.values[p] *= w[A.colIndex[p]];
    }
    if (options.initial) for (let i = 0; i < N; i++) x[i] /= w[i];
    else x.fill(1 / w[pin]);
  }
  const t0 = performance.now();
  let pre: Preconditioner;
  if (options.preconditioner) pre = options.preconditioner(A, op.grid);
  else if (method === "ilu") {
    const f = ilu0(A);
    pre = (r, z) => iluSolve(f, r, z);
  } else {
    pre = multigridPreconditioner(A, op.grid);
  }
  const t1 = performance.now();
  const res = bicgstab(A, b, x, {
    tol,
    // multigrid converges in ~5–20 iterations when it works: stop early and fall back otherwise
    maxIterations: options.maxIterations ?? (method === "multigrid" ? 60 : 4000),
    preconditioner: pre,
    signal: options.signal,
  });
  if (w) for (let i = 0; i < N; i++) x[i] *= w[i];
  for (let i = 0; i < N; i++) {
    if (!Number.isFinite(x[i])) {
      throw new ConvergenceError(
        `stationary solve produced ${x[i]} at cell ${i}`,
        res.iterations,
        res.residual,
      );
    }
  }
  return {
    rho: x,
    iterations: res.iterations,
    setup: (t1 - t0) / 1000,
    solve: (performance.now() - t1) / 1000,
  };
}

/** `−L` with row `pin` replaced by its diagonal only (so that x_pin = 1 for rhs = diagonal). */
export function pinnedSystem(L: CsrMatrix, pin: number): CsrMatrix {
  const A = cloneCsr(L);
  for (let p = 0; p < A.values.length; p++) A.values[p] = -A.values[p];
  const d = diagonalPositions(A);
  let diag = A.values[d[pin]];
  if (!(diag > 0)) diag = 1;
  for (let p = A.rowPtr[pin]; p < A.rowPtr[pin + 1]; p++) A.values[p] = 0;
  A.values[d[pin]] = diag;
  return A;
}

/** Ordered scaling candidates (lazy), see {@link scalingWeights}. */
function scalingCandidates(
  op: FokkerPlanckOperator,
  method: "multigrid" | "ilu",
  signal: AbortSignal | undefined,
): Array<{ method: "multigrid" | "ilu"; weights: () => Float64Array | undefined }> {
  const gibbsAvailable = op.potentialValues !== undefined && !op.problem.drift;
  const gibbs = () => gibbsWeights(op);
  const nested = () => scalingWeights(op, "multigrid", signal);
  const none = () => undefined;
  const ilu = gibbsAvailable
    ? [
        { method: "ilu" as const, weights: gibbs },
        { method: "ilu" as const, weights: none },
      ]
    : [{ method: "ilu" as const, weights: none }];
  if (method !== "multigrid") return ilu;
  const mg = (weights: () => Float64Array | undefined) => ({ method: "multigrid" as const, weights });
  // multigrid with Gauss–Seidel smoothing can stagnate on generators that are not M-matrices
  // (strong cross-diffusion): ILU(0)-BiCGSTAB is the last resort
  if (op.diagnostics.positivityViolations > 0 && gibbsAvailable) return [mg(gibbs), mg(nested), ...ilu];
  return gibbsAvailable ? [mg(nested), mg(gibbs), mg(none), ...ilu] : [mg(nested), mg(none), ...ilu];
}

function gibbsWeights(op: FokkerPlanckOperator): Float64Array | undefined {
  const f = op.potentialValues;
  if (!f || op.problem.drift) return undefined;
  let fmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < f.length; i++) if (f[i] < fmin) fmin = f[i];
  const w = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) w[i] = Math.exp(-Math.min(230, op.beta * (f[i] - fmin)));
  return w;
}

/**
 * Scaling weights w ≈ ρ_ss for the multigrid solve (max 1, ≥ e^{−230} ≈ 1e-100):
 * - the exact discrete Gibbs weights e^{−β(f − min f)} for a pure potential problem with scalar D;
 * - otherwise (drifts, non-gradient parts, anisotropic or x-dependent D) the stationary density of the
 *   same problem on the grid coarsened by 2 (solved recursively, down to a direct solve), interpolated
 *   linearly in log ρ to the fine cells; falls back to the Gibbs weights (or none) if that fails.
 */
function scalingWeights(
  op: FokkerPlanckOperator,
  method: "multigrid" | "ilu",
  signal: AbortSignal | undefined,
): Float64Array | undefined {
  const f = op.potentialValues;
  const p = op.problem;
  const gibbs = () => gibbsWeights(op);
  const exactGibbs =
    f && !p.drift && !p.nonGradientDrift && (p.diffusion === undefined || typeof p.diffusion === "number");
  if (exactGibbs || method !== "multigrid") return gibbs();
  const g = op.grid;
  if (g.size <= DIRECT_LIMIT) return undefined;
  const coarsen = g.cells.map((n) => n % 2 === 0 && n >= 8);
  if (!coarsen.some(Boolean)) return gibbs();
  try {
    const cshape = g.cells.map((n, k) => (coarsen[k] ? n / 2 : n));
    const cg = makeGrid({ bounds: g.bounds, cells: cshape, bc: g.bc });
    const cop = fokkerPlanck(p, cg, {
      pecletWarning: Number.POSITIVE_INFINITY,
      crossDiffusion: op.discretisation.crossDiffusion,
      flux: op.discretisation.flux,
    });
    const cs = pinnedStationary(cop, "multigrid", { tol: 1e-6, signal });
    const logc = new Float64Array(cg.size);
    let cmax = 0;
    for (let i = 0; i < cg.size; i++) cmax = Math.max(cmax, cs.density[i]);
    // floor at 1e-100 of the peak (keeps the scaled system away from under/overflow); when the
    // scheme is not monotone (cross-diffusion), densities may be slightly negative: floor at 1e-12
    const floor = (op.diagnostics.positivityViolations > 0 ? 1e-12 : 1e-100) * cmax;
    for (let i = 0; i < cg.size; i++) logc[i] = Math.log(Math.max(cs.density[i], floor));
    const { P } = tensorTransfer(
      [...g.cells],
      cshape,
      coarsen,
      g.bc.map((b) => b[0] === "periodic"),
    );
    const lf = spmv(P, logc, new Float64Array(g.size));
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < g.size; i++) if (lf[i] > max) max = lf[i];
    const w = new Float64Array(g.size);
    for (let i = 0; i < g.size; i++) w[i] = Math.exp(Math.max(-230, lf[i] - max));
    return w;
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    return gibbs();
  }
}

/**
 * The exact null vector of an irreducible M-matrix generator is positive, but an iterative solve
 * leaves round-off-sized negative values where the density is tiny. When the generator has no
 * negative off-diagonals, clamp them to 0 and run Gauss–Seidel sweeps on L ρ = 0
 * (ρ_i ← Σ_{j≠i} L_ij ρ_j / (−L_ii), a convex update that keeps ρ ≥ 0 and fills the tails from
 * their neighbours) until every entry is positive (at most 8 forward/backward pairs).
 */
function polishPositivity(op: FokkerPlanckOperator, rho: Float64Array): void {
  const N = rho.length;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < N; i++) if (rho[i] < min) min = rho[i];
  if (min > 0 || op.diagnostics.positivityViolations > 0) return;
  for (let i = 0; i < N; i++) if (rho[i] < 0) rho[i] = 0;
  const { rowPtr, colIndex, values } = op.generator;
  const update = (i: number) => {
    let s = 0;
    let d = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = colIndex[p];
      if (j === i) d = values[p];
      else s += values[p] * rho[j];
    }
    if (d < 0) rho[i] = s / -d;
  };
  for (let sweep = 0; sweep < 8; sweep++) {
    for (let i = 0; i < N; i++) update(i);
    for (let i = N - 1; i >= 0; i--) update(i);
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < N; i++) if (rho[i] < m) m = rho[i];
    if (m > 0) break;
  }
}
