import {
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  ShapeMismatchError,
  throwIfAborted,
} from "@langevin/core";
import type { FokkerPlanckOperator } from "./operator.js";
import { bicgstab, createBicgstabWork, type Preconditioner } from "./sparse/bicgstab.js";
import { CooBuilder, type CsrMatrix, spmv } from "./sparse/csr.js";
import { krylovExpm } from "./sparse/expm.js";
import { ilu0, iluSolve } from "./sparse/ilu.js";
import { multigridPreconditioner } from "./sparse/multigrid.js";

/** Time-stepping method. */
type EvolveMethod = "explicit" | "implicit-euler" | "crank-nicolson" | "bdf2" | "krylov-expm";

/** Options of {@link evolve}. */
interface EvolveOptions {
  /** Final time (the run starts at t = 0). */
  t1: number;
  /** Step (shortened to land on snapshot times and t1). */
  dt: number;
  /** Default "implicit-euler" (positive and monotone for any dt). */
  method?: EvolveMethod;
  /** Times at which to keep a copy of the density. */
  snapshots?: readonly number[];
  /** Explicit method: "substep" (default) splits a step beyond the stability limit; "refuse" throws. */
  cfl?: "substep" | "refuse";
  /** Preconditioner of the implicit solves: "ilu" (ILU(0)) or "multigrid"; default multigrid from 16384 cells. */
  preconditioner?: "ilu" | "multigrid";
  /** Relative residual of each implicit solve (default 1e-12); for "krylov-expm", the local error per unit time (default 1e-10). */
  tol?: number;
  /** Each implicit solve also iterates until |mass defect| ≤ massTol · mass (default 1e-14). */
  massTol?: number;
  /** Called after every step with (t, density); the array is reused, copy it to keep it. */
  onStep?: (t: number, rho: Float64Array) => void;
  signal?: AbortSignal;
  onProgress?: (fraction: number, info?: { t: number; steps: number }) => void;
}

/** Result of {@link evolve}. */
interface EvolveResult {
  /** Density at t1. */
  density: Float64Array;
  t: number;
  snapshots: Array<{ t: number; density: Float64Array }>;
  steps: number;
  /** Total Krylov iterations (implicit methods). */
  iterations: number;
  /** Largest |mass change| in one step (at reflecting/periodic boundaries: round-off). */
  maxMassChange: number;
}

/**
 * Integrates dρ/dt = L ρ from t = 0 to t1.
 *
 * Implicit systems `(c I − θ dt L)` are solved by ILU(0)-preconditioned BiCGSTAB, factored once
 * per distinct step length. Crank–Nicolson is second order but not positivity preserving for
 * large `dt·maxRate`; BDF2 restarts with one implicit Euler step whenever the step length changes.
 * "krylov-expm" propagates exactly in time, ρ ← exp(Δt L) ρ, by a Krylov (Arnoldi, m = 30) projection
 * with adaptive substeps (`dt` is the first substep tried; `iterations` counts matrix-vector products);
 * its mass and positivity hold to the Krylov tolerance, not to round-off. A non-finite entry of
 * `rho0` is an `InvalidArgumentError` naming `rho0` and the entry.
 *
 * @example
 * ```ts
 * const res = evolve(op, rho0, { t1: 1, dt: 0.01, method: "implicit-euler", snapshots: [0.5] });
 * res.snapshots[0].density;
 * ```
 */
export function legacyEvolve(
  op: FokkerPlanckOperator,
  rho0: ArrayLike<number>,
  options: EvolveOptions,
): EvolveResult {
  const { grid } = op;
  const N = grid.size;
  if (rho0.length !== N) throw new ShapeMismatchError("rho0", `length ${rho0.length} ≠ grid.size ${N}`);
  for (let i = 0; i < N; i++) {
    // a NaN would surface as a Krylov solver "not converging" with residual NaN
    if (!Number.isFinite(rho0[i]))
      throw new InvalidArgumentError("rho0", `entry ${i} is ${rho0[i]}; the initial density must be finite`);
  }
  assertPositive(options.t1, "options.t1");
  assertPositive(options.dt, "options.dt");
  const method = options.method ?? "implicit-euler";
  if (!["explicit", "implicit-euler", "crank-nicolson", "bdf2", "krylov-expm"].includes(method)) {
    throw new InvalidArgumentError("options.method", `unknown method "${method}"`);
  }
  const L = op.generator;
  const dV = grid.cellVolume;
  const stops = [...new Set([...(options.snapshots ?? []), options.t1])]
    .filter((t) => t > 0 && t <= options.t1)
    .sort((a, b) => a - b);
  for (const t of options.snapshots ?? []) {
    if (!(t >= 0 && t <= options.t1))
      throw new InvalidArgumentError("options.snapshots", `time ${t} outside [0, t1]`);
  }
  const rho = Float64Array.from(rho0);
  const prev = new Float64Array(N);
  const rhs = new Float64Array(N);
  const tmp = new Float64Array(N);
  const work = createBicgstabWork(N);
  const snapshots: Array<{ t: number; density: Float64Array }> = [];
  if ((options.snapshots ?? []).includes(0)) snapshots.push({ t: 0, density: Float64Array.from(rho) });
  const tol = options.tol ?? 1e-12;
  const massTol = options.massTol ?? 1e-14;
  const cache = new Map<string, { A: CsrMatrix; pre: Preconditioner }>();
  const system = (c: number, theta: number) => {
    const key = `${c}:${theta}`;
    let s = cache.get(key);
    if (!s) {
      const A = shifted(L, c, -theta);
      let pre: Preconditioner;
      const which = options.preconditioner ?? (N >= 16384 ? "multigrid" : "ilu");
      if (which === "multigrid") pre = multigridPreconditioner(A, grid);
      else {
        const f = ilu0(A);
        pre = (r, z) => iluSolve(f, r, z);
      }
      s = { A, pre };
      cache.set(key, s);
    }
    return s;
  };
  const sumOf = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += v[i];
    return s;
  };
  let t = 0;
  let steps = 0;
  let iterations = 0;
  let maxMassChange = 0;
  let lastDt = -1;
  const maxRate = op.diagnostics.maxRate;
  const solve = (c: number, theta: number) => {
    const { A, pre } = system(c, theta);
    // initial guess: the current density
    const res = bicgstab(
      A,
      rhs,
      rho,
      {
        tol,
        sumTol: massTol,
        preconditioner: pre,
        signal: options.signal,
        maxIterations: 5000,
      },
      work,
    );
    iterations += res.iterations;
  };
  let hint = options.dt;
  for (const stop of stops) {
    const gap = stop - t;
    if (gap <= 0) continue;
    if (method === "krylov-expm") {
      const t0 = t;
      let m0 = sumOf(rho);
      const res = krylovExpm(L, rho, gap, {
        tol: options.tol ?? 1e-10,
        dtHint: Math.min(hint, gap),
        signal: options.signal,
        onSubstep: (tt, v) => {
          const m1 = sumOf(v);
          if (!Number.isFinite(m1))
            throw new NonFiniteError(`density became non-finite at t = ${t0 + tt}`, { t: t0 + tt });
          maxMassChange = Math.max(maxMassChange, Math.abs(m1 - m0) * dV);
          m0 = m1;
          steps++;
          options.onStep?.(t0 + tt, v);
          options.onProgress?.((t0 + tt) / options.t1, { t: t0 + tt, steps });
        },
      });
      iterations += res.matvecs;
      hint = res.lastDt;
      t = stop;
      if ((options.snapshots ?? []).includes(stop))
        snapshots.push({ t: stop, density: Float64Array.from(rho) });
      continue;
    }
    const n = Math.max(1, Math.ceil(gap / options.dt - 1e-9));
    const h = gap / n;
    for (let s = 0; s < n; s++) {
      throwIfAborted(options.signal);
      const m0 = sumOf(rho);
      if (method === "explicit") {
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
      } else if (method === "implicit-euler" || (method === "bdf2" && (steps === 0 || h !== lastDt))) {
        rhs.set(rho);
        if (method === "bdf2") prev.set(rho);
        solve(1, h);
      } else if (method === "crank-nicolson") {
        spmv(L, rho, tmp);
        for (let i = 0; i < N; i++) rhs[i] = rho[i] + 0.5 * h * tmp[i];
        solve(1, 0.5 * h);
      } else {
        // BDF2: (3/2 I − h L) ρ_{n+1} = 2 ρ_n − ½ ρ_{n−1}
        for (let i = 0; i < N; i++) {
          rhs[i] = 2 * rho[i] - 0.5 * prev[i];
          tmp[i] = rho[i];
        }
        prev.set(tmp);
        solve(1.5, h);
      }
      lastDt = h;
      t = s === n - 1 ? stop : t + h;
      steps++;
      const m1 = sumOf(rho);
      if (!Number.isFinite(m1))
        throw new NonFiniteError(`density became non-finite at t = ${t}`, { t, steps });
      const dm = Math.abs(m1 - m0) * dV;
      if (dm > maxMassChange) maxMassChange = dm;
      options.onStep?.(t, rho);
      options.onProgress?.(t / options.t1, { t, steps });
    }
    if ((options.snapshots ?? []).includes(stop))
      snapshots.push({ t: stop, density: Float64Array.from(rho) });
  }
  return { density: rho, t, snapshots, steps, iterations, maxMassChange };
}

/** c I + s L as a new CSR matrix (same pattern as L plus the diagonal). */
function shifted(L: CsrMatrix, c: number, s: number): CsrMatrix {
  const b = new CooBuilder(L.rows, L.cols, L.values.length + L.rows);
  for (let i = 0; i < L.rows; i++) {
    b.add(i, i, c);
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) b.add(i, L.colIndex[p], s * L.values[p]);
  }
  return b.toCsr();
}
