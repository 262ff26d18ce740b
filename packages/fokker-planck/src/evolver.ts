import {
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  ShapeMismatchError,
  throwIfAborted,
} from "@langevin/core";
import type { FokkerPlanckOperator } from "./operator.js";
import type { PreconditionerChoice } from "./preconditioners.js";
import { freeEnergy, klDivergence, potentialPhi } from "./thermo.js";
import { resolveTimeStepper, type TimeStepper, type TimeStepperFactory } from "./time-steppers.js";

/** Options of {@link createEvolver} (those of `evolve` without the interval). */
export interface EvolverOptions {
  /** Step (`advance` shortens it to land on the target time). */
  dt: number;
  /** A method name (default "implicit-euler") or a {@link TimeStepperFactory}. */
  method?: "explicit" | "implicit-euler" | "crank-nicolson" | "bdf2" | "krylov-expm" | TimeStepperFactory;
  /** Explicit method: "substep" (default) splits a step beyond the stability limit; "refuse" throws. */
  cfl?: "substep" | "refuse";
  /** Preconditioner of implicit solves: "ilu", "multigrid" or a factory; default multigrid from 16384 cells. */
  preconditioner?: PreconditionerChoice;
  /** Relative residual of each implicit solve (default 1e-12); for "krylov-expm", the local error per unit time (default 1e-10). */
  tol?: number;
  /** Each implicit solve also iterates until |mass defect| ≤ massTol · mass (default 1e-14). */
  massTol?: number;
  /** The stationary density, for `kl()` and `freeEnergy()`. */
  reference?: ArrayLike<number>;
  /** Called after every step with (t, density); the array is the live density, copy it to keep it. */
  onStep?: (t: number, rho: Float64Array) => void;
  /** Checked between steps: an aborted run throws `AbortError`, the density left at the last whole step. */
  signal?: AbortSignal;
}

/** A density advanced step by step (see {@link createEvolver}). */
export interface Evolver {
  /** The current density (live: it changes in place as the evolver steps). */
  readonly density: Float64Array;
  /** The current time (starts at 0). */
  readonly time: number;
  /** Steps taken (adaptive methods: internal substeps). */
  readonly steps: number;
  /** Krylov iterations (implicit methods) or matrix–vector products (krylov-expm) so far. */
  readonly iterations: number;
  /** Largest |mass change| in one step so far. */
  readonly maxMassChange: number;
  /** The time stepper in use. */
  readonly stepper: TimeStepper;
  /** Takes k steps of exactly `dt` (adaptive methods: advances to time + k·dt). Returns the evolver. */
  step(k?: number): Evolver;
  /** Advances to time `t` ≥ time in ⌈(t − time)/dt⌉ equal steps, landing on t exactly. Returns the evolver. */
  advance(t: number): Evolver;
  /** KL(ρ ‖ reference) (needs `options.reference`). */
  kl(): number;
  /** F(ρ) = E_ρ[Φ] − β⁻¹ H(ρ) with Φ = −β⁻¹ log reference (shifted to min 0; needs `options.reference`). */
  freeEnergy(): number;
}

/**
 * An evolver for dρ/dt = L ρ that advances a density step by step and exposes it between calls:
 * `evolve` is a loop over one, so `advance(t1)` (after `advance` to each snapshot time) gives the
 * density of `evolve(op, rho0, { t1, ... })` bit for bit; `step(k)` takes k steps of exactly `dt`.
 * A non-finite entry of `rho0` is an `InvalidArgumentError` naming `rho0`.
 *
 * @example
 * ```ts
 * const ev = createEvolver(op, rho0, { dt: 0.01, reference: stationary(op).density });
 * ev.step(10); // t = 0.1
 * ev.kl(); // KL(ρ_t ‖ ρ_ss)
 * ev.advance(1); // t = 1, the same density as evolve(op, rho0, { t1: 1, dt: 0.01 })
 * ```
 */
export function createEvolver(
  op: FokkerPlanckOperator,
  rho0: ArrayLike<number>,
  options: EvolverOptions,
): Evolver {
  const { grid } = op;
  const N = grid.size;
  if (rho0.length !== N) throw new ShapeMismatchError("rho0", `length ${rho0.length} ≠ grid.size ${N}`);
  for (let i = 0; i < N; i++) {
    // a NaN would surface as a Krylov solver "not converging" with residual NaN
    if (!Number.isFinite(rho0[i]))
      throw new InvalidArgumentError("rho0", `entry ${i} is ${rho0[i]}; the initial density must be finite`);
  }
  assertPositive(options.dt, "options.dt");
  const stepper = resolveTimeStepper(options.method ?? "implicit-euler")(op, options);
  const reference = options.reference;
  if (reference && reference.length !== N)
    throw new ShapeMismatchError("options.reference", `length ${reference.length} ≠ grid.size ${N}`);
  let phi: Float64Array | undefined;
  const needReference = () => {
    if (!reference)
      throw new InvalidArgumentError(
        "options.reference",
        "kl() and freeEnergy() need the stationary density",
      );
    return reference;
  };
  const rho = Float64Array.from(rho0);
  const dV = grid.cellVolume;
  const sumOf = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += v[i];
    return s;
  };
  let t = 0;
  let steps = 0;
  let iterations = 0;
  let maxMassChange = 0;

  /** Checks and records one finished step (mass change from m0), then reports it. */
  const finishStep = (m0: number, at: number) => {
    const m1 = sumOf(rho);
    if (!Number.isFinite(m1))
      throw new NonFiniteError(`density became non-finite at t = ${at}`, { t: at, steps });
    const dm = Math.abs(m1 - m0) * dV;
    if (dm > maxMassChange) maxMassChange = dm;
    options.onStep?.(at, rho);
    return m1;
  };
  /** Adaptive stepper over [t, t + gap]: its substeps are the steps. */
  const propagate = (gap: number, end: number) => {
    const t0 = t;
    let m0 = sumOf(rho);
    iterations += stepper.step(rho, gap, (tau, v) => {
      const m1 = sumOf(v);
      if (!Number.isFinite(m1))
        throw new NonFiniteError(`density became non-finite at t = ${t0 + tau}`, { t: t0 + tau });
      maxMassChange = Math.max(maxMassChange, Math.abs(m1 - m0) * dV);
      m0 = m1;
      steps++;
      options.onStep?.(t0 + tau, v);
    });
    t = end;
  };
  /** One fixed step of length h ending at `end`. */
  const fixedStep = (h: number, end: number) => {
    throwIfAborted(options.signal);
    const m0 = sumOf(rho);
    iterations += stepper.step(rho, h);
    t = end;
    steps++;
    finishStep(m0, t);
  };

  const ev: Evolver = {
    density: rho,
    get time() {
      return t;
    },
    get steps() {
      return steps;
    },
    get iterations() {
      return iterations;
    },
    get maxMassChange() {
      return maxMassChange;
    },
    stepper,
    step(k = 1) {
      if (!(Number.isInteger(k) && k >= 0))
        throw new InvalidArgumentError("k", `must be an integer ≥ 0, got ${k}`);
      if (stepper.adaptive) return k > 0 ? ev.advance(t + k * options.dt) : ev;
      for (let s = 0; s < k; s++) fixedStep(options.dt, t + options.dt);
      return ev;
    },
    advance(stop) {
      if (!(stop >= t)) throw new InvalidArgumentError("t", `must be ≥ the current time ${t}, got ${stop}`);
      const gap = stop - t;
      if (gap <= 0) return ev;
      if (stepper.adaptive) {
        propagate(gap, stop);
        return ev;
      }
      const n = Math.max(1, Math.ceil(gap / options.dt - 1e-9));
      const h = gap / n;
      for (let s = 0; s < n; s++) fixedStep(h, s === n - 1 ? stop : t + h);
      return ev;
    },
    kl() {
      return klDivergence(grid, rho, needReference());
    },
    freeEnergy() {
      phi ??= potentialPhi(grid, needReference(), op.beta).phi;
      return freeEnergy(grid, rho, phi, op.beta);
    },
  };
  return ev;
}
