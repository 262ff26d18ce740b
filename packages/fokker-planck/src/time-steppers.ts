import { InvalidArgumentError } from "@langevin/core";
import type { FokkerPlanckOperator } from "./operator.js";
import { type PreconditionerChoice, resolvePreconditioner } from "./preconditioners.js";
import { bicgstab, createBicgstabWork, type Preconditioner } from "./sparse/bicgstab.js";
import { CooBuilder, type CsrMatrix, spmv } from "./sparse/csr.js";
import { krylovExpm } from "./sparse/expm.js";

/** Settings a time stepper receives (the matching fields of `EvolveOptions`). */
export interface TimeStepperOptions {
  /** The step the run asked for (adaptive steppers take it as their first try). */
  dt: number;
  /** Explicit steps beyond the stability limit: "substep" (default) or "refuse". */
  cfl?: "substep" | "refuse";
  /** Preconditioner of implicit solves; default multigrid from 16384 cells, else ILU(0). */
  preconditioner?: PreconditionerChoice;
  /** Relative residual of implicit solves / local error of adaptive ones (stepper's own default when absent). */
  tol?: number;
  /** Each implicit solve also iterates until |mass defect| ≤ massTol · mass (default 1e-14). */
  massTol?: number;
  /** Passed to the implicit solves, which throw `AbortError` once it fires. */
  signal?: AbortSignal;
}

/**
 * A time-stepping method for dρ/dt = L ρ, one instance per run (it may keep state between steps,
 * e.g. BDF2's previous density or factored systems).
 *
 * - Fixed-step methods implement `step(rho, h)`: advance `rho` in place by `h`; return the work done
 *   (Krylov iterations, counted in `EvolveResult.iterations`).
 * - Adaptive methods set `adaptive: true`: the evolver then hands them whole intervals `h` (between
 *   snapshot times) and they call `onSubstep(τ, rho)` after each internal step, τ the time done so far
 *   in this call (each call counts as `steps`; the return value as `iterations`).
 *
 * @example
 * ```ts
 * // Heun's method (explicit, second order)
 * const heun: TimeStepperFactory = (op) => {
 *   const L = op.generator, k1 = new Float64Array(L.rows), k2 = new Float64Array(L.rows), y = new Float64Array(L.rows);
 *   return { name: "heun", step(rho, h) {
 *     spmv(L, rho, k1); for (let i = 0; i < rho.length; i++) y[i] = rho[i] + h * k1[i];
 *     spmv(L, y, k2); for (let i = 0; i < rho.length; i++) rho[i] += 0.5 * h * (k1[i] + k2[i]);
 *     return 0;
 *   } };
 * };
 * evolve(op, rho0, { t1: 1, dt: 1e-3, method: heun });
 * ```
 */
export interface TimeStepper {
  /** Short name (reported as `EvolveResult.method`-like labels and in errors). */
  readonly name: string;
  /** True when the stepper chooses its own substeps (it then receives whole intervals, see above). */
  readonly adaptive?: boolean;
  /** Advances `rho` in place by `h`; returns the work done (iterations, or substeps for adaptive ones). */
  step(rho: Float64Array, h: number, onSubstep?: (tau: number, rho: Float64Array) => void): number;
}

/** Creates a {@link TimeStepper} for an operator (called once per run). */
export type TimeStepperFactory = (op: FokkerPlanckOperator, options: TimeStepperOptions) => TimeStepper;

/** c I + s L as a new CSR matrix (same pattern as L plus the diagonal). */
export function shifted(L: CsrMatrix, c: number, s: number): CsrMatrix {
  const b = new CooBuilder(L.rows, L.cols, L.values.length + L.rows);
  for (let i = 0; i < L.rows; i++) {
    b.add(i, i, c);
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) b.add(i, L.colIndex[p], s * L.values[p]);
  }
  return b.toCsr();
}

/**
 * Solves `(c I − θ L) ρ = rhs` in place (initial guess: the current ρ) by preconditioned BiCGSTAB,
 * factoring each distinct (c, θ) once.
 */
function implicitSolver(op: FokkerPlanckOperator, options: TimeStepperOptions) {
  const { grid } = op;
  const N = grid.size;
  const L = op.generator;
  const work = createBicgstabWork(N);
  const tol = options.tol ?? 1e-12;
  const massTol = options.massTol ?? 1e-14;
  const factory = resolvePreconditioner(
    options.preconditioner ?? (N >= 16384 ? "multigrid" : "ilu"),
    "options.preconditioner",
  );
  const cache = new Map<string, { A: CsrMatrix; pre: Preconditioner }>();
  const rhs = new Float64Array(N);
  return {
    rhs,
    solve(rho: Float64Array, c: number, theta: number): number {
      const key = `${c}:${theta}`;
      let s = cache.get(key);
      if (!s) {
        const A = shifted(L, c, -theta);
        s = { A, pre: factory(A, grid) };
        cache.set(key, s);
      }
      const res = bicgstab(
        s.A,
        rhs,
        rho,
        { tol, sumTol: massTol, preconditioner: s.pre, signal: options.signal, maxIterations: 5000 },
        work,
      );
      return res.iterations;
    },
  };
}

/** Forward Euler, split into ⌈h · maxRate⌉ sub-steps beyond the positivity limit (or refused). */
export const explicitEuler: TimeStepperFactory = (op, options) => {
  const L = op.generator;
  const tmp = new Float64Array(L.rows);
  const maxRate = op.diagnostics.maxRate;
  return {
    name: "explicit",
    step(rho, h) {
      const N = rho.length;
      let sub = 1;
      if (h * maxRate > 1) {
        if (options.cfl === "refuse") {
          throw new InvalidArgumentError(
            "options.dt",
            `explicit step ${h} exceeds the stability limit 1/maxRate = ${1 / maxRate}`,
          );
        }
        sub = Math.ceil(h * maxRate);
      }
      const hs = h / sub;
      for (let q = 0; q < sub; q++) {
        spmv(L, rho, tmp);
        for (let i = 0; i < N; i++) rho[i] += hs * tmp[i];
      }
      return 0;
    },
  };
};

/** Implicit Euler, (I − h L) ρ' = ρ: positive and monotone for any h on an M-matrix generator. */
export const implicitEuler: TimeStepperFactory = (op, options) => {
  const s = implicitSolver(op, options);
  return {
    name: "implicit-euler",
    step(rho, h) {
      s.rhs.set(rho);
      return s.solve(rho, 1, h);
    },
  };
};

/** Crank–Nicolson, (I − h/2 L) ρ' = (I + h/2 L) ρ: second order, not positivity preserving for large h·maxRate. */
export const crankNicolson: TimeStepperFactory = (op, options) => {
  const s = implicitSolver(op, options);
  const L = op.generator;
  const tmp = new Float64Array(L.rows);
  return {
    name: "crank-nicolson",
    step(rho, h) {
      spmv(L, rho, tmp);
      for (let i = 0; i < rho.length; i++) s.rhs[i] = rho[i] + 0.5 * h * tmp[i];
      return s.solve(rho, 1, 0.5 * h);
    },
  };
};

/** BDF2, (3/2 I − h L) ρ_{n+1} = 2 ρ_n − ½ ρ_{n−1}; one implicit Euler step first and whenever h changes. */
export const bdf2: TimeStepperFactory = (op, options) => {
  const s = implicitSolver(op, options);
  const N = op.grid.size;
  const prev = new Float64Array(N);
  const tmp = new Float64Array(N);
  let lastDt = -1;
  let steps = 0;
  return {
    name: "bdf2",
    step(rho, h) {
      let its: number;
      if (steps === 0 || h !== lastDt) {
        s.rhs.set(rho);
        prev.set(rho);
        its = s.solve(rho, 1, h);
      } else {
        for (let i = 0; i < N; i++) {
          s.rhs[i] = 2 * rho[i] - 0.5 * prev[i];
          tmp[i] = rho[i];
        }
        prev.set(tmp);
        its = s.solve(rho, 1.5, h);
      }
      lastDt = h;
      steps++;
      return its;
    },
  };
};

/**
 * Exact propagation ρ ← exp(h L) ρ by a Krylov (Arnoldi, m = 30) projection with adaptive substeps
 * (`dt` is the first substep tried, then the last accepted one); returns matrix–vector products.
 * Mass and positivity hold to the Krylov tolerance (`tol`, default 1e-10 per unit time).
 */
export const krylovExponential: TimeStepperFactory = (op, options) => {
  let hint = options.dt;
  return {
    name: "krylov-expm",
    adaptive: true,
    step(rho, h, onSubstep) {
      const res = krylovExpm(op.generator, rho, h, {
        tol: options.tol ?? 1e-10,
        dtHint: Math.min(hint, h),
        signal: options.signal,
        onSubstep,
      });
      hint = res.lastDt;
      return res.matvecs;
    },
  };
};

const BUILT_IN: Record<string, TimeStepperFactory> = {
  explicit: explicitEuler,
  "implicit-euler": implicitEuler,
  "crank-nicolson": crankNicolson,
  bdf2,
  "krylov-expm": krylovExponential,
};

/** The factory behind a method name (or the factory itself). */
export function resolveTimeStepper(method: string | TimeStepperFactory): TimeStepperFactory {
  if (typeof method === "function") return method;
  const f = Object.hasOwn(BUILT_IN, method) ? BUILT_IN[method] : undefined;
  if (!f) throw new InvalidArgumentError("options.method", `unknown method "${method}"`);
  return f;
}
