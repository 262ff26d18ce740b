import { assertPositive, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { createEvolver, type Evolver } from "./evolver.js";
import type { FokkerPlanckOperator } from "./operator.js";
import type { PreconditionerFactory } from "./preconditioners.js";
import type { TimeStepperFactory } from "./time-steppers.js";

/** Time-stepping method. */
export type EvolveMethod = "explicit" | "implicit-euler" | "crank-nicolson" | "bdf2" | "krylov-expm";

/** Options of {@link evolve}. */
export interface EvolveOptions {
  /** Final time (the run starts at t = 0). */
  t1: number;
  /** Step (shortened to land on snapshot times and t1). */
  dt: number;
  /** Default "implicit-euler" (positive and monotone for any dt); or a {@link TimeStepperFactory} (README, "Extending"). */
  method?: EvolveMethod | TimeStepperFactory;
  /** Times at which to keep a copy of the density. */
  snapshots?: readonly number[];
  /** Explicit method: "substep" (default) splits a step beyond the stability limit; "refuse" throws. */
  cfl?: "substep" | "refuse";
  /** Preconditioner of the implicit solves: "ilu" (ILU(0)), "multigrid" or a {@link PreconditionerFactory}; default multigrid from 16384 cells. */
  preconditioner?: "ilu" | "multigrid" | PreconditionerFactory;
  /** Relative residual of each implicit solve (default 1e-12); for "krylov-expm", the local error per unit time (default 1e-10). */
  tol?: number;
  /** Each implicit solve also iterates until |mass defect| ≤ massTol · mass (default 1e-14). */
  massTol?: number;
  /** Called after every step with (t, density); the array is reused, copy it to keep it. */
  onStep?: (t: number, rho: Float64Array) => void;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called with the fraction of `t1` reached and the current time and step count. */
  onProgress?: (fraction: number, info?: { t: number; steps: number }) => void;
}

/** Result of {@link evolve}. */
export interface EvolveResult {
  /** Density at t1. */
  density: Float64Array;
  /** The time reached (t1 unless aborted). */
  t: number;
  /** The density at each requested snapshot time, in order. */
  snapshots: Array<{
    /** The snapshot's time. */
    t: number;
    /** The density at that time. */
    density: Float64Array;
  }>;
  /** Time steps taken. */
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
export function evolve(
  op: FokkerPlanckOperator,
  rho0: ArrayLike<number>,
  options: EvolveOptions,
): EvolveResult {
  const N = op.grid.size;
  if (rho0.length !== N) throw new ShapeMismatchError("rho0", `length ${rho0.length} ≠ grid.size ${N}`);
  assertPositive(options.t1, "options.t1");
  assertPositive(options.dt, "options.dt");
  const stops = [...new Set([...(options.snapshots ?? []), options.t1])]
    .filter((t) => t > 0 && t <= options.t1)
    .sort((a, b) => a - b);
  for (const t of options.snapshots ?? []) {
    if (!(t >= 0 && t <= options.t1))
      throw new InvalidArgumentError("options.snapshots", `time ${t} outside [0, t1]`);
  }
  // the run is the evolver's loop: identical to stepping one by hand through the same stops
  const ev: Evolver = createEvolver(op, rho0, {
    dt: options.dt,
    method: options.method,
    cfl: options.cfl,
    preconditioner: options.preconditioner,
    tol: options.tol,
    massTol: options.massTol,
    signal: options.signal,
    onStep: (t, rho) => {
      options.onStep?.(t, rho);
      options.onProgress?.(t / options.t1, { t, steps: ev.steps });
    },
  });
  const snapshots: Array<{ t: number; density: Float64Array }> = [];
  if ((options.snapshots ?? []).includes(0)) snapshots.push({ t: 0, density: Float64Array.from(ev.density) });
  for (const stop of stops) {
    ev.advance(stop);
    if ((options.snapshots ?? []).includes(stop))
      snapshots.push({ t: stop, density: Float64Array.from(ev.density) });
  }
  return {
    density: ev.density,
    t: ev.time,
    snapshots,
    steps: ev.steps,
    iterations: ev.iterations,
    maxMassChange: ev.maxMassChange,
  };
}
