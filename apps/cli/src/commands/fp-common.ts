import {
  DivergenceError,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
} from "@langevin/core";
import {
  type BoundaryCondition,
  type Diffusion,
  type FokkerPlanckOperator,
  type FokkerPlanckProblem,
  fokkerPlanck,
  type Grid,
  grid,
} from "@langevin/fokker-planck";
import type { Context, OptionSpec } from "../command.js";
import { UsageError } from "../errors.js";
import {
  compileScalar,
  compileVector,
  constantValues,
  loadExpressions,
  type ScalarField,
} from "../expressions.js";
import { choleskyCheck } from "../linalg.js";
import { parseCells, parseDomain, parsePositive } from "../parse.js";
import { fpEstimate, guard, limitsOf, RESOURCE_OPTIONS } from "../resources.js";

/** Options shared by `fp stationary` and `fp evolve`. */
export const FP_OPTIONS: Record<string, OptionSpec> = {
  potential: { type: "string", arg: "EXPR", description: "f(x); the drift is −∇f unless --drift is given" },
  drift: {
    type: "string",
    arg: '"E1;E2"',
    description: "the drift b(x) exactly (then --potential is only the reference for klToGibbs)",
  },
  beta: { type: "string", arg: "B", description: "inverse temperature β (A = D/β)", required: true },
  diffusion: {
    type: "string",
    arg: '"E11;E12;E22"',
    description: "D(x), upper triangle row by row (or all d×d entries); default identity",
  },
  "diffusion-diag": { type: "string", arg: '"E1;E2"', description: "D(x) diagonal" },
  domain: {
    type: "string",
    arg: '"a:b[,c:d[,e:f]]"',
    description: "the box, one interval per axis",
    required: true,
  },
  cells: {
    type: "string",
    arg: '"N[xM[xK]]"',
    description: "cells per axis (one number: all axes)",
    required: true,
  },
  bc: {
    type: "string",
    arg: "reflecting|periodic|absorbing",
    description: "boundary condition (one for all axes, or one per axis separated by ',')",
    default: "reflecting",
  },
  "cross-diffusion": {
    type: "string",
    arg: "auto|central|monotone",
    description:
      "a full --diffusion matrix: Selling's monotone stencil (2-D; densities ≥ 0) or central differences; auto: monotone in 2-D",
    default: "auto",
  },
  ...RESOURCE_OPTIONS,
};

/** An assembled Fokker–Planck problem from the command line. */
export interface FpSetup {
  vars: string[];
  grid: Grid;
  op: FokkerPlanckOperator;
  beta: number;
  potential?: ScalarField;
  /** Whether the drift is exactly −∇f (then klToGibbs is the discretisation error only). */
  gradientDrift: boolean;
}

function diffusionSpec(ctx: Context, vars: string[]): Diffusion | undefined {
  const d = vars.length;
  const full = ctx.opt("diffusion");
  const diag = ctx.opt("diffusion-diag");
  if (full !== undefined && diag !== undefined) {
    throw new UsageError("give either --diffusion or --diffusion-diag, not both");
  }
  if (diag !== undefined) {
    const field = compileVector("--diffusion-diag", diag, vars, ctx.params, d);
    const consts = constantValues(field.sources, ctx.params);
    if (consts) {
      consts.forEach((c, i) => {
        if (!(c > 0)) {
          throw new UsageError(
            `--diffusion-diag: not positive-definite: entry ${i + 1} is ${c} (must be > 0)`,
          );
        }
      });
      return { constantDiagonal: consts };
    }
    return { diagonal: (x, out) => void field.evaluate(x, out) };
  }
  if (full === undefined) return undefined;
  const tri = (d * (d + 1)) / 2;
  const field = compileVector("--diffusion", full, vars, ctx.params, d === 1 ? 1 : [tri, d * d]);
  const n = field.length;
  // Map the given entries to the full symmetric matrix.
  const toFull = (vals: ArrayLike<number>, out: Float64Array) => {
    if (n === d * d) {
      for (let i = 0; i < d * d; i++) out[i] = vals[i];
      return out;
    }
    let k = 0;
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++) {
        out[i * d + j] = vals[k];
        out[j * d + i] = vals[k];
        k++;
      }
    return out;
  };
  const consts = constantValues(field.sources, ctx.params);
  if (consts) {
    const m = toFull(consts, new Float64Array(d * d));
    if (n === d * d) {
      for (let i = 0; i < d; i++)
        for (let j = 0; j < i; j++) {
          if (m[i * d + j] !== m[j * d + i]) {
            throw new UsageError(
              `--diffusion: D must be symmetric (entry ${i + 1},${j + 1} ≠ ${j + 1},${i + 1})`,
            );
          }
        }
    }
    const pivot = choleskyCheck(m, d);
    if (pivot >= 0) {
      throw new UsageError(
        `--diffusion: D = [${Array.from(m).join(", ")}] is not positive-definite (Cholesky fails at pivot ${pivot + 1})`,
      );
    }
    if (d === 1) return m[0];
    return { constantMatrix: m };
  }
  const vals = new Float64Array(n);
  return {
    matrix: (x, out) => {
      field.evaluate(x, vals);
      toFull(vals, out);
    },
  };
}

function parseBc(text: string, d: number): BoundaryCondition[] {
  const parts = text.split(",").map((s) => s.trim());
  const ok = ["reflecting", "periodic", "absorbing"];
  for (const p of parts) {
    if (!ok.includes(p)) throw new UsageError(`--bc: expected reflecting, periodic or absorbing, got "${p}"`);
  }
  if (parts.length === 1) return Array(d).fill(parts[0]);
  if (parts.length !== d)
    throw new UsageError(`--bc: give one condition or one per axis (${d}), got ${parts.length}`);
  return parts as BoundaryCondition[];
}

/**
 * Builds grid and operator from the fp options, after checking that the run fits (`fp evolve`
 * passes its time steps and snapshots; `fp stationary` nothing).
 *
 * @example
 * const setup = buildFp(ctx);
 */
export async function buildFp(ctx: Context, evolve?: { steps: number; snapshots: number }): Promise<FpSetup> {
  const bounds = parseDomain("--domain", ctx.need("domain"));
  const d = bounds.length;
  if (d > 3) throw new UsageError(`--domain: the Fokker–Planck solver supports 1 to 3 axes, got ${d}`);
  const vars = ctx.varsFor(d, "--domain");
  let cells = parseCells("--cells", ctx.need("cells"), 2);
  if (cells.length === 1 && d > 1) cells = Array(d).fill(cells[0]);
  if (cells.length !== d) throw new UsageError(`--cells: ${cells.length} axes given but --domain has ${d}`);
  const beta = parsePositive("--beta", ctx.need("beta"));
  const bc = parseBc(ctx.opt("bc") ?? "reflecting", d);
  const absorbing = bc.includes("absorbing");
  guard(limitsOf(ctx), fpEstimate(cells, evolve && { ...evolve, stationary: !absorbing }));
  const potText = ctx.opt("potential");
  const driftText = ctx.opt("drift");
  if (potText === undefined && driftText === undefined) {
    throw new UsageError("missing required option: give --potential or --drift (or both)");
  }
  await loadExpressions();
  const potential =
    potText !== undefined ? compileScalar("--potential", potText, vars, ctx.params) : undefined;
  const drift =
    driftText !== undefined ? compileVector("--drift", driftText, vars, ctx.params, d) : undefined;
  const diffusion = diffusionSpec(ctx, vars);
  let g: Grid;
  try {
    g = grid({ bounds: bounds.map((b) => [b.min, b.max] as const), cells, bc });
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new UsageError(`--domain/--cells: ${e.message}`);
    throw e;
  }
  const problem: FokkerPlanckProblem = { beta };
  if (drift) problem.drift = (x, out) => void drift.evaluate(x, out);
  else if (potential) {
    problem.potential = (x) => potential.value(x);
    problem.gradient = (x, out) => void potential.gradient(x, out);
  }
  if (diffusion !== undefined) problem.diffusion = diffusion;
  const crossOpt = ctx.opt("cross-diffusion") ?? "auto";
  if (crossOpt !== "auto" && crossOpt !== "central" && crossOpt !== "monotone")
    throw new UsageError(`--cross-diffusion: must be auto, central or monotone, got "${crossOpt}"`);
  // auto: the monotone stencil where it exists (2-D), so a full D never yields negative densities
  const crossDiffusion = crossOpt === "auto" ? (d === 2 ? "monotone" : "central") : crossOpt;
  let op: FokkerPlanckOperator;
  try {
    op = fokkerPlanck(problem, g, { onWarning: (w) => ctx.warn(w.message), crossDiffusion });
  } catch (e) {
    if (e instanceof InvalidArgumentError && e.argument === "options.crossDiffusion")
      throw new UsageError(`--cross-diffusion: ${e.message.replace(/^options\.crossDiffusion: /, "")}`);
    if (e instanceof NonFiniteError && !(e instanceof DivergenceError)) {
      // A user function that is NaN/Inf on the domain: name the option.
      const m = /^(potential|drift|gradient|diffusion)/.exec(e.message);
      const which =
        m?.[1] === "diffusion"
          ? ctx.opt("diffusion-diag") !== undefined
            ? "--diffusion-diag"
            : "--diffusion"
          : m?.[1] === "drift"
            ? "--drift"
            : "--potential";
      throw new UsageError(`${which}: ${e.message} (is the domain inside the function's domain?)`);
    }
    if (e instanceof NotPositiveDefiniteError) {
      const which = ctx.opt("diffusion-diag") !== undefined ? "--diffusion-diag" : "--diffusion";
      const at = e.point ? ` at x = (${Array.from(e.point).join(", ")})` : "";
      throw new UsageError(`${which}: ${e.message}${/x = /.test(e.message) ? "" : at}`);
    }
    throw e;
  }
  return { vars, grid: g, op, beta, potential, gradientDrift: drift === undefined };
}

/**
 * The normalised Gibbs density e^{−βf}/Z on the grid's cell centres.
 *
 * @example
 * gibbsDensity(setup.grid, f, 2);
 */
export function gibbsDensity(g: Grid, f: ScalarField, beta: number): Float64Array {
  const centers = g.centers();
  const x = new Float64Array(g.dim);
  const e = new Float64Array(g.size);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < g.size; i++) {
    for (let k = 0; k < g.dim; k++) x[k] = centers[i * g.dim + k];
    e[i] = f.value(x);
    if (e[i] < min) min = e[i];
  }
  let z = 0;
  for (let i = 0; i < g.size; i++) {
    e[i] = Math.exp(-beta * (e[i] - min));
    z += e[i];
  }
  z *= g.cellVolume;
  for (let i = 0; i < g.size; i++) e[i] /= z;
  return e;
}

/** The `axes` field of the fp outputs. */
export function axesJson(g: Grid) {
  return g.cells.map((n, k) => ({
    min: g.bounds[k][0],
    max: g.bounds[k][1],
    cells: n,
    centers: g.axisCenters(k),
  }));
}

/** Splits an interleaved per-cell vector field `J[i*d + k]` into d arrays. */
export function splitComponents(j: Float64Array, d: number, size: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const c = new Float64Array(size);
    for (let i = 0; i < size; i++) c[i] = j[i * d + k];
    out.push(c);
  }
  return out;
}

/**
 * Φ = −β⁻¹ log(ρ/max ρ) (min 0). Cells where the solver left ρ ≤ 0 (round-off in far tails) get
 * Infinity (null in JSON); returns how many there are.
 *
 * @example
 * const { phi, nonPositive } = potentialOf(rho, 2);
 */
export function potentialOf(rho: Float64Array, beta: number): { phi: Float64Array; nonPositive: number } {
  let max = 0;
  for (const v of rho) if (v > max) max = v;
  const phi = new Float64Array(rho.length);
  let nonPositive = 0;
  for (let i = 0; i < rho.length; i++) {
    if (rho[i] > 0) phi[i] = -Math.log(rho[i] / max) / beta;
    else {
      phi[i] = Number.POSITIVE_INFINITY;
      nonPositive++;
    }
  }
  return { phi, nonPositive };
}

/**
 * A copy of a density with entries below `floor · max` raised to it, so that it can serve as the
 * reference q of KL(p ‖ q) (the solver's far tails can be ~−1e-15 from round-off).
 *
 * @example
 * const q = floored(ss.density);
 */
export function floored(rho: Float64Array, floor = 1e-300): Float64Array {
  const out = Float64Array.from(rho);
  for (let i = 0; i < out.length; i++) if (!(out[i] > floor)) out[i] = floor;
  return out;
}
