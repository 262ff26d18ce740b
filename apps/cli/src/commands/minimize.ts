import { NonFiniteError } from "@langevin/core";
import { minimize } from "@langevin/neb";
import type { Command, CommandResult } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { fmt, fmtVec } from "../output.js";
import { parseInteger, parsePositive } from "../parse.js";
import { RESOURCE_OPTIONS } from "../resources.js";
import { degenerateWarning, energyOf, findCritical, noCriticalPoint, potentialAtStart } from "./critical.js";

export const minimizeCommand: Command = {
  name: "minimize",
  summary: "local minimum of a potential by BFGS or gradient descent",
  usage: 'langevin minimize --potential EXPR --from "a,b" [--method bfgs|gd] [--gtol G] [--max-iter K]',
  description: [
    "Descends from --from towards a local minimum of the potential f (gradient and Hessian are",
    "symbolic) until |∇f| <= --gtol, then locates the critical point there with Newton's method (as",
    "`langevin critical`) and classifies it by the Hessian: kind minimum, or degenerate when an",
    "eigenvalue is zero to the test's accuracy (x^3 stops at its inflection 0: degenerate, never a",
    "minimum; a warning says so), or saddle/maximum (a warning: not a minimum). Reports the point, f,",
    "|∇f|, the Hessian's eigenvalues, the index and the kind. Exits 1 when --gtol is not reached within",
    "--max-iter iterations, when f decreases without bound from --from, or when no critical point is",
    "found where the descent stopped (f flattening out, as exp(x)).",
  ].join("\n"),
  options: {
    potential: { type: "string", arg: "EXPR", description: "the function f to minimise", required: true },
    from: {
      type: "string",
      arg: "a,b",
      description: "starting point (its length sets the dimension)",
      required: true,
    },
    method: {
      type: "string",
      arg: "bfgs|gd",
      description: "quasi-Newton or steepest descent",
      default: "bfgs",
    },
    gtol: { type: "string", arg: "G", description: "stop when |∇f| <= G", default: "1e-8" },
    "max-iter": {
      type: "string",
      arg: "K",
      description: "iteration limit",
      default: "1000 (bfgs), 100000 (gd)",
    },
    ...RESOURCE_OPTIONS,
  },
  examples: [
    'langevin minimize --potential "(x^2-1)^2 + y^2" --from 0.5,0.3',
    'langevin minimize --potential "(1-x)^2 + 100*(y-x^2)^2" --from -1.2,1 --format json',
    'langevin minimize --potential "a*x^2 + cos(3*x)" --param a=0.5 --from 1 --method gd',
  ],
  async run(ctx): Promise<CommandResult> {
    const { x0, vars, f } = await potentialAtStart(ctx, "--from");
    const method = (ctx.opt("method") ?? "bfgs") as "bfgs" | "gd";
    if (method !== "bfgs" && method !== "gd")
      throw new UsageError(`--method: expected bfgs or gd, got "${method}"`);
    const gtol = parsePositive("--gtol", ctx.opt("gtol") ?? "1e-8");
    const maxIter = parseInteger(
      "--max-iter",
      ctx.opt("max-iter") ?? (method === "gd" ? "100000" : "1000"),
      1,
    );
    let r: ReturnType<typeof minimize>;
    try {
      r = minimize(energyOf(f).energy, x0, { method, gtol, maxIter });
    } catch (e) {
      if (e instanceof NonFiniteError && e.context.argument === "x0")
        throw new UsageError(
          `--from: the potential is ${e.context.energy} and |∇f| is ${e.context.gradientNorm} at the starting point`,
        );
      throw e;
    }
    if (r.diverged) {
      throw new SolverFailure(
        `--potential "${f.source}" looks unbounded below: ${method} from --from ${fmtVec(x0)} reached f = ${r.energy.toPrecision(4)} at x = ${fmtVec(r.x)} (|∇f| = ${r.gradientNorm.toPrecision(4)}); no minimum`,
        r.gradientNorm,
      );
    }
    if (!r.converged) {
      throw new SolverFailure(
        `${method} did not converge in ${r.iterations} iterations: residual |∇f| = ${r.gradientNorm.toExponential(3)} > gtol ${gtol} at x = ${fmtVec(r.x)}`,
        r.gradientNorm,
      );
    }
    // |∇f| <= gtol says nothing about the scale of f (exp(x) passes it at x = −18): locate the
    // critical point itself, scale-aware, and let the Hessian there say what it is.
    const c = findCritical(f, r.x, "the end of the descent, x =", { maxIter: 200, xtol: 1e-10 });
    if (!c.converged) {
      throw new SolverFailure(
        `no minimum found from --from ${fmtVec(x0)}: ${method} reached |∇f| <= ${gtol}, but ${noCriticalPoint(c, "its end point", r.x, { xtol: 1e-10 })}`,
        c.gradientNorm,
      );
    }
    if (c.kind === "degenerate") ctx.warn(`not a verified minimum: ${degenerateWarning(c)}`);
    else if (c.kind !== "minimum")
      ctx.warn(`not a minimum: the descent stopped at a ${c.kind} (index ${c.index}), e.g. on a ridge`);
    const data = {
      x: c.x,
      value: c.energy,
      gradientNorm: c.gradientNorm,
      eigenvalues: c.eigenvalues,
      index: c.index,
      zeroEigenvalues: c.zeroEigenvalues,
      kind: c.kind,
      iterations: r.iterations,
      newtonIterations: c.iterations,
      evaluations: r.evaluations + c.evaluations,
      converged: r.converged,
      method,
    };
    const head =
      c.kind === "minimum"
        ? "minimum"
        : `critical point, not a verified minimum (${c.kind === "saddle" ? `saddle of index ${c.index}` : c.kind})`;
    return {
      data,
      text: () =>
        [
          `${head} at ${vars.join(", ")} = ${fmtVec(c.x)}`,
          `  f = ${fmt(c.energy)}   |∇f| = ${fmt(c.gradientNorm)}`,
          `  Hessian eigenvalues ${fmtVec(c.eigenvalues)} (index ${c.index}${c.zeroEigenvalues > 0 ? `, ${c.zeroEigenvalues} zero` : ""})`,
          `  ${r.iterations} iteration${r.iterations === 1 ? "" : "s"} (${method}) + ${c.iterations} Newton, ${r.evaluations + c.evaluations} evaluations`,
        ].join("\n"),
    };
  },
};
