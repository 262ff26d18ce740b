import { ConvergenceError, InvalidArgumentError } from "@langevin/core";
import { type Basins, metastableBasins } from "./basins.js";
import { coarseLogDensity } from "./coarse-estimate.js";
import { SolverBreakdownError, UncertifiedStationaryError } from "./errors.js";
import type { FokkerPlanckOperator } from "./operator.js";
import { type PinnedResult, pinnedStationary } from "./pinned-solve.js";
import type { PreconditionerFactory } from "./preconditioners.js";
import { stationaryResidual } from "./residual.js";
import { gridDissection } from "./sparse/dissection.js";
import { type GthPlan, gthPlan, gthStationary } from "./sparse/gth.js";
import { type SplitDiagnostic, splitDiagnostic } from "./split-diagnostic.js";

/**
 * Up to this many multiply–adds GTH costs no more CPU than the multigrid path (measured at 128²,
 * 34 M: 0.08 s against 0.11 s), so "auto" takes the exact method outright.
 */
const GTH_SMALL_FLOPS = 6e7;

/** The estimate of the wells comes from a GTH solve on a grid of at most this many cells. */
const COARSE_CELLS = 4096;

/** How `stationary()` solves: see {@link StationaryOptions.method}. */
export type StationaryMethod = "auto" | "gth" | "multigrid" | "ilu";

/** Options of {@link stationary}. */
export interface StationaryOptions {
  /**
   * "auto" (default): exact GTH elimination whenever it is cheap or the problem is metastable,
   * otherwise multigrid, certified by the split diagnostic (GTH when that fails) — see the README;
   * "gth": always GTH (an M-matrix generator, within `gthMaxEntries`);
   * "multigrid" / "ilu": the pinned iterative solve only (BiCGSTAB with a geometric multigrid or ILU(0)
   * preconditioner), with an error when its split cannot be certified.
   */
  method?: StationaryMethod;
  /** Relative residual of the pinned linear system (iterative methods; default 1e-11). */
  tol?: number;
  /** Iteration budget per attempt (default 60 for multigrid, 4000 for ILU). */
  maxIterations?: number;
  /** Cell whose value is pinned (iterative methods; default: minimum of the potential, else the centre cell). */
  pin?: number;
  /** Initial guess for the iterative methods (any positive multiple of the answer). */
  initial?: Float64Array;
  /**
   * A preconditioner for the pinned iterative solve in place of the method's own (multigrid or ILU(0)):
   * any {@link PreconditionerFactory}, e.g. `iluPreconditioner` or one written outside the package
   * (README, "Extending"). The method names remain the shorthands.
   */
  preconditioner?: PreconditionerFactory;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called with the fraction done during the GTH elimination (the long part of a large exact solve). */
  onProgress?: (fraction: number) => void;
  /** Largest relative flux imbalance between basins accepted as a certified split (default 1e-6). */
  splitTolerance?: number;
  /** GTH is not attempted when its factor would hold more entries (8 bytes each; default 4e7 = 320 MB). */
  gthMaxEntries?: number;
  /**
   * false: return an answer whose split could not be certified (`diagnostic.certified` is false)
   * instead of throwing {@link UncertifiedStationaryError}. Default true.
   */
  certify?: boolean;
}

/** A stationary density. */
export interface StationaryResult {
  /** ρ_ss normalised so that Σ ρ dV = 1 (0 where it underflows: see `logDensity`). */
  density: Float64Array;
  /** log ρ_ss of the same normalisation, finite where ρ underflows (GTH carries logarithms). */
  logDensity: Float64Array;
  /** ‖L ρ‖₁ / Σ|L_ii ρ_i| (see `stationaryResidual`); blind to the split between wells. */
  residual: number;
  /** Krylov iterations (of all attempts; 0 for GTH). */
  iterations: number;
  /** The method that produced the answer. */
  method: "multigrid" | "ilu" | "gth";
  /**
   * Why that method: "requested" (options.method), "small-grid" (GTH is the cheapest here), "metastable"
   * (the coarse estimate found wells too deep for the iterative path), "certified" (the iterative
   * answer passed the split diagnostic), "fallback" (GTH after the iterative answer failed it or did
   * not converge), "uncertified" (`certify: false` and the diagnostic failed).
   */
  reason: "requested" | "small-grid" | "metastable" | "certified" | "fallback" | "uncertified";
  /** The metastable basins the diagnostic checked (from the coarse estimate, or from a GTH answer). */
  basins: Basins;
  /** Flux balance between the basins and the entrywise residual of this answer. */
  diagnostic: SplitDiagnostic;
  /** Seconds spent in total. */
  seconds: number;
  /** Seconds of the final attempt: its set-up (preconditioner, or GTH's symbolic phase) and its solve. */
  setupSeconds: number;
  /** Seconds of the final attempt's solve. */
  solveSeconds: number;
}

/**
 * The stationary density of a Fokker–Planck generator (the null vector of L), right at any
 * temperature.
 *
 * At low temperature (barriers of tens to hundreds of kT, where SGD lives) the generator's second
 * eigenvalue is ~e^{−βΔ} of the others, below round-off: a pinned solve then returns a free mixture
 * of the wells' local states with a residual of 1e-17. So "auto" decides as follows (README,
 * "Low temperature"):
 * 1. M-matrix generators (Scharfetter–Gummel fluxes, the monotone stencil) on grids where the GTH
 *    elimination costs at most 6e7 multiply–adds (≈ 150² cells): GTH, exact to entrywise relative
 *    accuracy at any temperature (`gthStationary`).
 * 2. Otherwise the wells are estimated by GTH on a grid of ≤ 4096 cells (`coarseLogDensity`,
 *    `metastableBasins`). Deeper than log(splitTolerance / tol) nats (11.5 by default: the iterative
 *    split error is ~ tol · e^{depth}): GTH if it fits `gthMaxEntries`.
 * 3. Else the pinned iterative solve (multigrid), whose answer is checked by `splitDiagnostic` on
 *    those basins; if it fails (or does not converge), GTH if it fits; else
 *    {@link UncertifiedStationaryError} — never a density with the wrong well masses.
 *
 * @example
 * ```ts
 * const ss = stationary(op);
 * ss.density; // Σ density · cellVolume = 1
 * ss.diagnostic.certified; // true: the basins' fluxes balance
 * ss.method; // "gth" on small or metastable problems, "multigrid" otherwise
 * ```
 */
export function stationary(op: FokkerPlanckOperator, options: StationaryOptions = {}): StationaryResult {
  const t0 = performance.now();
  const { grid } = op;
  for (const pair of grid.bc) {
    if (pair[0] === "absorbing" || pair[1] === "absorbing") {
      throw new InvalidArgumentError(
        "op",
        "an absorbing boundary has no stationary density (all mass leaves)",
      );
    }
  }
  const method = options.method ?? "auto";
  if (!["auto", "gth", "multigrid", "ilu"].includes(method)) {
    throw new InvalidArgumentError(
      "options.method",
      `must be "auto", "gth", "multigrid" or "ilu", got ${String(method)}`,
    );
  }
  const tol = options.tol ?? 1e-11;
  const splitTolerance = options.splitTolerance ?? 1e-6;
  if (!(splitTolerance > 0)) {
    throw new InvalidArgumentError("options.splitTolerance", `must be > 0, got ${splitTolerance}`);
  }
  const maxEntries = options.gthMaxEntries ?? 4e7;
  if (!(maxEntries > 0))
    throw new InvalidArgumentError("options.gthMaxEntries", `must be > 0, got ${maxEntries}`);
  const monotone = op.diagnostics.positivityViolations === 0;
  if (method === "gth" && !monotone) {
    throw new InvalidArgumentError(
      "options.method",
      `"gth" needs an M-matrix generator; this one has ${op.diagnostics.positivityViolations} negative off-diagonal rates (central cross-diffusion): build the operator with crossDiffusion "monotone"`,
    );
  }
  let plan: GthPlan | undefined;
  let planSeconds = 0;
  const planOf = () => {
    if (!plan) {
      const s = performance.now();
      plan = gthPlan(op.generator, gridDissection(grid, op.generator));
      planSeconds = (performance.now() - s) / 1000;
    }
    return plan;
  };
  const fits = () => monotone && planOf().factorEntries <= maxEntries;
  const diagnose = (logDensity: Float64Array, basins: Basins) =>
    splitDiagnostic(op.generator, logDensity, basins, {
      tolerance: splitTolerance,
      cellVolume: grid.cellVolume,
    });

  const exact = (reason: StationaryResult["reason"], iterations: number): StationaryResult => {
    const p = planOf();
    const s = performance.now();
    let logPi: Float64Array;
    try {
      logPi = gthStationary(op.generator, p, { signal: options.signal, onProgress: options.onProgress });
    } catch (e) {
      if (e instanceof SolverBreakdownError) throw explainBreakdown(op, e);
      throw e;
    }
    const solveSeconds = (performance.now() - s) / 1000;
    const logDensity = normaliseLog(logPi, grid.cellVolume);
    const density = Float64Array.from(logDensity, Math.exp);
    const basins = metastableBasins(op.generator, negated(logDensity));
    const diagnostic = diagnose(logDensity, basins);
    const result: StationaryResult = {
      density,
      logDensity,
      residual: stationaryResidual(op.generator, density),
      iterations,
      method: "gth",
      reason,
      basins,
      diagnostic,
      seconds: (performance.now() - t0) / 1000,
      setupSeconds: planSeconds,
      solveSeconds,
    };
    return refuseUncertified(
      result,
      options,
      "gth",
      () => "the GTH answer itself failed the check (round-off beyond its bound?)",
    );
  };

  if (method === "gth") {
    const p = planOf();
    if (p.factorEntries > maxEntries) {
      throw new InvalidArgumentError(
        "options.gthMaxEntries",
        `the GTH factor of this ${grid.cells.join("×")} grid needs ${p.factorEntries.toExponential(2)} entries (${mb(p.factorEntries)} MB) > ${maxEntries.toExponential(2)}: raise it or use a coarser grid (${suggestCells(grid.cells, p.factorEntries, maxEntries)})`,
      );
    }
    return exact("requested", 0);
  }
  // the root separator of the dissection has ≥ N / (longest axis) cells in one dense front, so GTH costs
  // at least a third of its cube: skip the symbolic phase (0.5 s at 64³) when that alone is too much
  const rootSeparator = grid.size / Math.max(...grid.cells);
  const maybeSmall = rootSeparator ** 3 / 3 <= GTH_SMALL_FLOPS;
  if (method === "auto" && monotone && maybeSmall && planOf().flops <= GTH_SMALL_FLOPS) {
    return exact("small-grid", 0);
  }

  // an estimate of the wells that does not depend on the answer it will check
  let estimate: Float64Array | undefined;
  if (monotone) {
    try {
      estimate = coarseLogDensity(op, COARSE_CELLS, options.signal);
    } catch (e) {
      if (!(e instanceof SolverBreakdownError)) throw e;
    }
  }
  if (!estimate && op.potentialValues && !op.problem.drift) {
    estimate = Float64Array.from(op.potentialValues, (f) => -op.beta * f);
  }
  const estimated = estimate ? metastableBasins(op.generator, negated(estimate)) : undefined;
  const deep = Math.log(splitTolerance / tol);
  if (method === "auto" && (estimated === undefined || estimated.metastability > deep) && fits()) {
    return exact("metastable", 0);
  }

  const tooLarge = () => {
    const p = planOf();
    return `the exact GTH elimination would hold ${p.factorEntries.toExponential(2)} factor entries (${mb(p.factorEntries)} MB) > gthMaxEntries ${maxEntries.toExponential(2)}: use a coarser grid (${suggestCells(grid.cells, p.factorEntries, maxEntries)}) or raise gthMaxEntries`;
  };
  let pinned: PinnedResult;
  try {
    pinned = pinnedStationary(op, method === "ilu" ? "ilu" : "multigrid", options);
  } catch (e) {
    if (method === "auto" && e instanceof ConvergenceError) {
      if (fits()) return exact("fallback", e.iterations);
      if (monotone) {
        const depth = estimated
          ? `wells ≈ ${estimated.metastability.toFixed(1)} kT deep`
          : "wells of unknown depth";
        throw new ConvergenceError(`${e.message} (${depth}), and ${tooLarge()}`, e.iterations, e.residual);
      }
    }
    throw e;
  }
  const logDensity = Float64Array.from(pinned.density, (v) =>
    v > 0 ? Math.log(v) : Number.NEGATIVE_INFINITY,
  );
  // no estimate at all (no M-matrix, no potential): the basins come from this answer's own −log ρ
  const basins = estimated ?? metastableBasins(op.generator, negated(logDensity));
  const diagnostic = diagnose(logDensity, basins);
  if (!diagnostic.certified && method === "auto" && fits()) return exact("fallback", pinned.iterations);
  const result: StationaryResult = {
    density: pinned.density,
    logDensity,
    residual: stationaryResidual(op.generator, pinned.density),
    iterations: pinned.iterations,
    method: pinned.method,
    reason: method === "auto" ? "certified" : "requested",
    basins,
    diagnostic,
    seconds: (performance.now() - t0) / 1000,
    setupSeconds: pinned.setupSeconds,
    solveSeconds: pinned.solveSeconds,
  };
  return refuseUncertified(result, options, pinned.method, () => {
    if (!monotone) {
      return `the generator has ${op.diagnostics.positivityViolations} negative rates (central cross-diffusion), so the exact GTH elimination cannot run: build the operator with crossDiffusion "monotone"`;
    }
    if (method !== "auto") return `method "${method}" was requested: use "auto" or "gth"`;
    return tooLarge();
  });
}

/** Throws {@link UncertifiedStationaryError} for an answer whose split fails, unless `certify` is false. */
function refuseUncertified(
  result: StationaryResult,
  options: StationaryOptions,
  method: string,
  advice: () => string,
): StationaryResult {
  const d = result.diagnostic;
  if (d.certified) return result;
  if (options.certify === false) return { ...result, reason: "uncertified" };
  throw new UncertifiedStationaryError(
    `the ${method} answer's split between ${d.basins} metastable basins is not certified (flux imbalance ${d.maxImbalance.toExponential(2)} > ${d.tolerance.toExponential(0)}; the wells are ≈ ${result.basins.metastability.toFixed(1)} kT deep), and ${advice()}`,
    d,
    result.iterations,
  );
}

/** The GTH breakdown with the likely cause read off the operator, and what to try. */
function explainBreakdown(op: FokkerPlanckOperator, e: SolverBreakdownError): SolverBreakdownError {
  const { maxCellPeclet, stencilReach } = op.diagnostics;
  const where = op.grid.center(e.row);
  const head = `the generator is reducible in double precision (the GTH elimination found cell ${e.row} at x = (${Array.from(where, (v) => Number(v.toPrecision(4))).join(", ")}) with no exit rate to the cells left), so the stationary density is not unique`;
  let cause: string;
  if (maxCellPeclet > 700) {
    cause = `the cell Péclet number reaches ${maxCellPeclet.toPrecision(3)}: rates against the drift are e^{−Pe} and underflow to 0 beyond Pe ≈ 700, so every well keeps its mass; lower β or refine the grid until β·|Δf| per cell is below ~700`;
  } else if (stencilReach.some((r, k) => op.grid.bc[k][0] !== "periodic" && 2 * r > op.grid.cells[k])) {
    cause = `the monotone stencil's jumps (up to ${stencilReach.join(" × ")} cells) are longer than half the grid and were dropped at the walls, which cut the chain into pieces; use more cells or central cross-diffusion`;
  } else {
    cause = "some rates are exactly 0 (a drift or diffusion that vanishes, or rates that underflowed)";
  }
  return new SolverBreakdownError(`${head}: ${cause}`, e.row);
}

/** log ρ normalised so that Σ ρ dV = 1, from an unnormalised log. */
function normaliseLog(logPi: Float64Array, cellVolume: number): Float64Array {
  let top = Number.NEGATIVE_INFINITY;
  for (const v of logPi) if (v > top) top = v;
  let sum = 0;
  for (const v of logPi) sum += Math.exp(v - top);
  const logZ = top + Math.log(sum * cellVolume);
  return Float64Array.from(logPi, (v) => v - logZ);
}

function negated(a: Float64Array): Float64Array {
  return Float64Array.from(a, (v) => -v);
}

function mb(entries: number): string {
  return ((entries * 8) / 2 ** 20).toFixed(0);
}

/** A grid that should fit: factor entries grow like N log N in 1-D/2-D and like N^{4/3} in 3-D. */
function suggestCells(cells: readonly number[], entries: number, max: number): string {
  const ratio = max / entries;
  const perAxis = cells.length === 3 ? ratio ** 0.25 : ratio ** (1 / cells.length);
  return `about ${cells.map((n) => Math.max(2, Math.floor(n * perAxis * 0.95))).join("×")} cells`;
}
