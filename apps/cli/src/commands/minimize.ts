import type { Command, CommandResult } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { compileScalar, loadExpressions, type ScalarField } from "../expressions.js";
import { norm2 } from "../linalg.js";
import { fmt, fmtVec } from "../output.js";
import { parseInteger, parsePoint, parsePositive } from "../parse.js";
import { denseEstimate, guard, limitsOf, RESOURCE_OPTIONS } from "../resources.js";
import { degenerateWarning, findCritical, noCriticalPoint } from "./critical.js";

/** Result of {@link minimizeField}. */
export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** f fell below −1e300 or the iterates or the gradient overflowed: f looks unbounded below. */
  diverged: boolean;
}

/**
 * Minimises a compiled field by BFGS (or gradient descent) with an Armijo backtracking line search.
 *
 * @example
 * minimizeField(field, new Float64Array([1, 1]), { method: "bfgs", gtol: 1e-8, maxIter: 1000 });
 */
export function minimizeField(
  f: ScalarField,
  x0: ArrayLike<number>,
  options: { method: "bfgs" | "gd"; gtol: number; maxIter: number },
): MinimizeResult {
  const d = f.dim;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  const gNew = new Float64Array(d);
  const xNew = new Float64Array(d);
  const p = new Float64Array(d);
  const s = new Float64Array(d);
  const y = new Float64Array(d);
  const hy = new Float64Array(d);
  const h = new Float64Array(d * d);
  const resetH = () => {
    h.fill(0);
    for (let i = 0; i < d; i++) h[i * d + i] = 1;
  };
  resetH();
  let fx = f.value(x);
  f.gradient(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new UsageError(`--from: the potential is ${fx} at the starting point`);
  let lastT = 1;
  let it = 0;
  for (; it < options.maxIter; it++) {
    const gn = norm2(g);
    if (gn <= options.gtol)
      return {
        x,
        value: fx,
        gradientNorm: gn,
        iterations: it,
        evaluations,
        converged: true,
        diverged: false,
      };
    let slope = 0;
    for (let i = 0; i < d; i++) {
      let v = 0;
      if (options.method === "bfgs") for (let j = 0; j < d; j++) v -= h[i * d + j] * g[j];
      else v = -g[i];
      p[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      resetH();
      slope = 0;
      for (let i = 0; i < d; i++) {
        p[i] = -g[i];
        slope -= g[i] * g[i];
      }
    }
    // First step of plain descent directions: unit length, later the natural (quasi-)Newton step.
    let t = it === 0 || options.method === "gd" ? Math.min(1, 1 / norm2(p)) : 1;
    if (options.method === "gd" && it > 0) t = Math.min(1e6, lastT * 2);
    let fNew = Number.NaN;
    let accepted = false;
    for (let k = 0; k < 80; k++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i] + t * p[i];
      fNew = f.value(xNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      return {
        x,
        value: fx,
        gradientNorm: gn,
        iterations: it,
        evaluations,
        converged: false,
        diverged: false,
      };
    }
    lastT = t;
    f.gradient(xNew, gNew);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (fNew < -1e300 || !Number.isFinite(norm2(gNew))) {
      return {
        x: xNew,
        value: fNew,
        gradientNorm: norm2(gNew),
        iterations: it + 1,
        evaluations,
        converged: false,
        diverged: true,
      };
    }
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (options.method === "bfgs" && sy > 1e-12 * Math.sqrt(yy) * norm2(s)) {
      if (it === 0) {
        // Shanno's scaling of the initial inverse Hessian.
        resetH();
        for (let i = 0; i < d; i++) h[i * d + i] = sy / yy;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < d; i++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += h[i * d + j] * y[j];
        hy[i] = v;
        yHy += y[i] * v;
      }
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          h[i * d + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
    }
  }
  return {
    x,
    value: fx,
    gradientNorm: norm2(g),
    iterations: it,
    evaluations,
    converged: norm2(g) <= options.gtol,
    diverged: false,
  };
}

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
    const x0 = parsePoint("--from", ctx.need("from"));
    const vars = ctx.varsFor(x0.length, "--from");
    guard(limitsOf(ctx), denseEstimate("--from", x0.length));
    await loadExpressions();
    const f = compileScalar("--potential", ctx.need("potential"), vars, ctx.params);
    const method = (ctx.opt("method") ?? "bfgs") as "bfgs" | "gd";
    if (method !== "bfgs" && method !== "gd")
      throw new UsageError(`--method: expected bfgs or gd, got "${method}"`);
    const gtol = parsePositive("--gtol", ctx.opt("gtol") ?? "1e-8");
    const maxIter = parseInteger(
      "--max-iter",
      ctx.opt("max-iter") ?? (method === "gd" ? "100000" : "1000"),
      1,
    );
    const r = minimizeField(f, x0, { method, gtol, maxIter });
    if (r.diverged) {
      throw new SolverFailure(
        `--potential "${f.source}" looks unbounded below: ${method} from --from ${fmtVec(x0)} reached f = ${r.value.toPrecision(4)} at x = ${fmtVec(r.x)} (|∇f| = ${r.gradientNorm.toPrecision(4)}); no minimum`,
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
