import { NonFiniteError } from "@langevin/core";
import { type CriticalPoint, refineCriticalPoint } from "@langevin/neb";
import type { Command, CommandResult, Context } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { compileScalar, loadExpressions, type ScalarField } from "../expressions.js";
import { fmt, fmtVec } from "../output.js";
import { parseInteger, parsePoint, parsePositive } from "../parse.js";
import { denseEstimate, guard, limitsOf, RESOURCE_OPTIONS } from "../resources.js";

/**
 * The compiled potential as the `(x, grad) → value` energy of @langevin/neb, with its symbolic Hessian.
 *
 * @example
 * refineCriticalPoint(energyOf(f).energy, x0, { hessian: energyOf(f).hessian });
 */
export function energyOf(f: ScalarField) {
  return {
    energy: (x: Float64Array, g: Float64Array) => {
      f.gradient(x, g);
      return f.value(x);
    },
    hessian: (x: Float64Array, out: Float64Array) => {
      f.hessian(x, out);
    },
  };
}

/**
 * Newton (Levenberg–Marquardt) from `x0` to a critical point of f, via @langevin/neb's scale-aware
 * `refineCriticalPoint`; a potential that is not finite at the start is the user's input (exit 2).
 *
 * @example
 * findCritical(f, [0.2, 0.1], "--near", { maxIter: 200, xtol: 1e-10 });
 */
export function findCritical(
  f: ScalarField,
  x0: ArrayLike<number>,
  startOption: string,
  options: { maxIter: number; xtol: number; gtol?: number },
): CriticalPoint {
  const { energy, hessian } = energyOf(f);
  try {
    return refineCriticalPoint(energy, x0, {
      hessian,
      maxIter: options.maxIter,
      xtol: options.xtol,
      gradientTolerance: options.gtol,
      maxStep: Number.POSITIVE_INFINITY,
    });
  } catch (e) {
    if (e instanceof NonFiniteError && e.context.argument === "x0") {
      throw new UsageError(
        `--potential "${f.source}": f, its gradient or its Hessian is not finite at ${startOption} ${fmtVec(x0)}`,
      );
    }
    throw e;
  }
}

/**
 * The one-line explanation of a critical-point search that found none: where it stopped, |∇f| and
 * the Newton step there, and which test failed.
 *
 * @example
 * noCriticalPoint(r, "--near", [0], { xtol: 1e-10 }); // "no critical point found from --near (0) …"
 */
export function noCriticalPoint(
  r: CriticalPoint,
  startOption: string,
  x0: ArrayLike<number>,
  tolerances: { xtol: number; gtol?: number },
): string {
  const head = `no critical point found from ${startOption} ${fmtVec(x0)} in ${r.iterations} iteration${r.iterations === 1 ? "" : "s"}`;
  const where = `at x = ${fmtVec(r.x)} the residual |∇f| = ${r.gradientNorm.toExponential(3)}`;
  if (r.reason === "stalled")
    return `${head}: ${where} and no step lowers it: |∇f| has a local minimum there that is not zero`;
  const bound = tolerances.xtol * Math.max(Math.hypot(...r.x), Math.hypot(...Array.from(x0)));
  const step = `the Newton step |H⁻¹∇f| = ${r.newtonStep.toPrecision(3)}`;
  if (r.newtonStep <= bound && tolerances.gtol !== undefined)
    return `${head}: ${where} stays above --gtol ${tolerances.gtol} although ${step} locates the point (<= ${bound.toPrecision(3)}): round-off in ∇f is larger than --gtol there`;
  return `${head}: ${where} and ${step} is above xtol·max(|x|, |start|) = ${bound.toPrecision(3)}: more iterations are needed, or there is no critical point this way (f may flatten out without one, as exp(x) does, whose Newton step stays 1)`;
}

/** Eigenvectors as nested arrays, one per eigenvalue (column k of the row-major matrix). */
export function eigenvectorList(vectors: Float64Array, d: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < d; k++) out.push(Array.from({ length: d }, (_, r) => vectors[r * d + k]));
  return out;
}

/**
 * The start point given by `option` ("--near", "--from"), the variables of its dimension and
 * --potential compiled in them, once a dense Hessian of that dimension fits the memory limits.
 *
 * @example
 * const { x0, vars, f } = await potentialAtStart(ctx, "--from");
 */
export async function potentialAtStart(ctx: Context, option: "--near" | "--from") {
  const x0 = parsePoint(option, ctx.need(option.slice(2)));
  const vars = ctx.varsFor(x0.length, option);
  guard(limitsOf(ctx), denseEstimate(option, x0.length));
  await loadExpressions();
  return { x0, vars, f: compileScalar("--potential", ctx.need("potential"), vars, ctx.params) };
}

export const criticalCommand: Command = {
  name: "critical",
  summary: "critical point near a guess (Newton on ∇f) with the Hessian's eigenvalues and index",
  usage: 'langevin critical --potential EXPR --near "a,b" [--xtol X] [--gtol G] [--max-iter K]',
  description: [
    "Solves ∇f(x) = 0 from --near by Newton's method (Levenberg–Marquardt damping far from the",
    "solution), so it converges to saddles and maxima as well as minima. Converged means located:",
    "the Newton step |H⁻¹∇f| (the predicted distance to the critical point) is at most",
    "xtol·max(|x|, |near|), as MINPACK's xtol; a small |∇f| alone is not enough (exp(x) has none).",
    "Reports the point, f, |∇f|, the Hessian, its eigenvalues (ascending) and eigenvectors, the index",
    "(clearly negative eigenvalues) and the kind: minimum, saddle, maximum, or degenerate when an",
    "eigenvalue is zero to within how much the Hessian still changes over the last Newton step (the",
    "inflection of x^3 is degenerate, never a minimum). Exits 1 with |∇f| and the Newton step when",
    "no critical point is found.",
  ].join("\n"),
  options: {
    potential: { type: "string", arg: "EXPR", description: "the function f", required: true },
    near: {
      type: "string",
      arg: "a,b",
      description: "starting guess (its length sets the dimension)",
      required: true,
    },
    xtol: {
      type: "string",
      arg: "X",
      description: "stop when the Newton step <= X·max(|x|, |near|)",
      default: "1e-10",
    },
    gtol: {
      type: "string",
      arg: "G",
      description: "also require |∇f| <= G (absolute; none by default, a right G depends on f's scale)",
    },
    "max-iter": { type: "string", arg: "K", description: "iteration limit", default: "200" },
    ...RESOURCE_OPTIONS,
  },
  examples: [
    'langevin critical --potential "(x^2-1)^2 + y^2" --near 0.2,0.1      # saddle (0,0), index 1',
    'langevin critical --potential "x^3 - 3*x*y^2" --near 0.1,0.1 --format json',
    'langevin critical --potential "-(x^2+y^2)" --near 0.3,-0.2             # maximum, index 2',
  ],
  async run(ctx): Promise<CommandResult> {
    const { x0, vars, f } = await potentialAtStart(ctx, "--near");
    const xtol = parsePositive("--xtol", ctx.opt("xtol") ?? "1e-10");
    const gtolText = ctx.opt("gtol");
    const gtol = gtolText === undefined ? undefined : parsePositive("--gtol", gtolText);
    const maxIter = parseInteger("--max-iter", ctx.opt("max-iter") ?? "200", 1);
    const r = findCritical(f, x0, "--near", { maxIter, xtol, gtol });
    if (!r.converged)
      throw new SolverFailure(noCriticalPoint(r, "--near", x0, { xtol, gtol }), r.gradientNorm);
    const d = f.dim;
    const hessRows: number[][] = [];
    for (let i = 0; i < d; i++) hessRows.push(Array.from(r.hessian.subarray(i * d, (i + 1) * d)));
    const data = {
      x: r.x,
      value: r.energy,
      gradientNorm: r.gradientNorm,
      newtonStep: r.newtonStep,
      hessian: hessRows,
      eigenvalues: r.eigenvalues,
      eigenvectors: eigenvectorList(r.eigenvectors, d),
      index: r.index,
      zeroEigenvalues: r.zeroEigenvalues,
      kind: r.kind,
      iterations: r.iterations,
      evaluations: r.evaluations,
      converged: r.converged,
    };
    if (r.kind === "degenerate") ctx.warn(degenerateWarning(r));
    return {
      data,
      text: () =>
        [
          `critical point: ${r.kind === "saddle" ? `saddle of index ${r.index}` : r.kind} at ${vars.join(", ")} = ${fmtVec(r.x)}`,
          `  f = ${fmt(r.energy)}   |∇f| = ${fmt(r.gradientNorm)}`,
          `  Hessian eigenvalues ${fmtVec(r.eigenvalues)} (index ${r.index}${r.zeroEigenvalues > 0 ? `, ${r.zeroEigenvalues} zero` : ""})`,
          `  ${r.iterations} Newton iterations`,
        ].join("\n"),
    };
  },
};

/**
 * The warning for a critical point whose Hessian has a zero eigenvalue.
 *
 * @example
 * degenerateWarning(r); // "degenerate critical point: 1 Hessian eigenvalue is zero …"
 */
export function degenerateWarning(r: CriticalPoint): string {
  const z = r.zeroEigenvalues;
  return `degenerate critical point: ${z} Hessian eigenvalue${z === 1 ? " is" : "s are"} zero to within the test's accuracy, so the second-order test cannot tell a minimum from a saddle or an inflection (x^3 at 0)`;
}
