import type { Command, CommandResult } from "../command.js";
import { SolverFailure } from "../errors.js";
import { compileScalar, loadExpressions, type ScalarField } from "../expressions.js";
import { norm2, solveSmall } from "../linalg.js";
import { fmt, fmtVec } from "../output.js";
import { parseInteger, parsePoint, parsePositive } from "../parse.js";
import { denseEstimate, guard, limitsOf, RESOURCE_OPTIONS } from "../resources.js";
import { classifyHessian } from "./minimize.js";

/**
 * Finds a critical point (∇f = 0) near `x0` by Newton's method on the gradient, damped in the
 * Levenberg–Marquardt way ((H² + μI) dx = −H g, μ → 0 near the solution, so the final steps are pure
 * Newton and converge quadratically to minima, saddles and maxima alike).
 *
 * @example
 * criticalPoint(field, [0.1, 0.1], { gtol: 1e-10, maxIter: 100 });
 */
export function criticalPoint(
  f: ScalarField,
  x0: ArrayLike<number>,
  options: { gtol: number; maxIter: number },
) {
  const d = f.dim;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  const h = new Float64Array(d * d);
  const a = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  f.gradient(x, g);
  f.hessian(x, h);
  let evaluations = 1;
  let gn = norm2(g);
  let mu = 0;
  let it = 0;
  for (; it < options.maxIter && gn > options.gtol; it++) {
    let hScale = 0;
    for (let i = 0; i < d * d; i++) hScale = Math.max(hScale, Math.abs(h[i]));
    let accepted = false;
    for (let tries = 0; tries < 60 && !accepted; tries++) {
      for (let i = 0; i < d; i++) {
        let r = 0;
        for (let k = 0; k < d; k++) r -= h[k * d + i] * g[k];
        rhs[i] = r;
        for (let j = 0; j < d; j++) {
          let v = 0;
          for (let k = 0; k < d; k++) v += h[k * d + i] * h[k * d + j];
          a[i * d + j] = v + (i === j ? mu : 0);
        }
      }
      const dx = solveSmall(a, d, rhs);
      if (dx) {
        for (let i = 0; i < d; i++) xNew[i] = x[i] + dx[i];
        f.gradient(xNew, gNew);
        evaluations++;
        const gnNew = norm2(gNew);
        if (Number.isFinite(gnNew) && gnNew < gn) {
          accepted = true;
          x.set(xNew);
          g.set(gNew);
          gn = gnNew;
          f.hessian(x, h);
          mu *= 0.1;
          break;
        }
      }
      mu = mu === 0 ? 1e-6 * Math.max(hScale * hScale, 1e-12) : mu * 10;
    }
    if (!accepted) break;
  }
  return { x, g, h, gradientNorm: gn, iterations: it, evaluations, converged: gn <= options.gtol };
}

export const criticalCommand: Command = {
  name: "critical",
  summary: "critical point near a guess (Newton on ∇f) with the Hessian's eigenvalues and index",
  usage: 'langevin critical --potential EXPR --near "a,b" [--gtol G] [--max-iter K]',
  description: [
    "Solves ∇f(x) = 0 from --near by Newton's method (Levenberg–Marquardt damping far from the",
    "solution), so it converges to saddles and maxima as well as minima. Reports the point, f, |∇f|,",
    "the Hessian, its eigenvalues (ascending) and eigenvectors, and the index (number of negative",
    "eigenvalues: 0 minimum, 1 first-order saddle, d maximum). Exits 1 with |∇f| when not converged.",
  ].join("\n"),
  options: {
    potential: { type: "string", arg: "EXPR", description: "the function f", required: true },
    near: {
      type: "string",
      arg: "a,b",
      description: "starting guess (its length sets the dimension)",
      required: true,
    },
    gtol: { type: "string", arg: "G", description: "stop when |∇f| <= G", default: "1e-10" },
    "max-iter": { type: "string", arg: "K", description: "iteration limit", default: "200" },
    ...RESOURCE_OPTIONS,
  },
  examples: [
    'langevin critical --potential "(x^2-1)^2 + y^2" --near 0.2,0.1      # saddle (0,0), index 1',
    'langevin critical --potential "x^3 - 3*x*y^2" --near 0.1,0.1 --format json',
    'langevin critical --potential "-(x^2+y^2)" --near 0.3,-0.2             # maximum, index 2',
  ],
  async run(ctx): Promise<CommandResult> {
    const x0 = parsePoint("--near", ctx.need("near"));
    const vars = ctx.varsFor(x0.length, "--near");
    guard(limitsOf(ctx), denseEstimate("--near", x0.length));
    await loadExpressions();
    const f = compileScalar("--potential", ctx.need("potential"), vars, ctx.params);
    const gtol = parsePositive("--gtol", ctx.opt("gtol") ?? "1e-10");
    const maxIter = parseInteger("--max-iter", ctx.opt("max-iter") ?? "200", 1);
    const r = criticalPoint(f, x0, { gtol, maxIter });
    if (!r.converged) {
      throw new SolverFailure(
        `Newton did not converge in ${r.iterations} iterations: residual |∇f| = ${r.gradientNorm.toExponential(3)} > gtol ${gtol} at x = ${fmtVec(r.x)}`,
        r.gradientNorm,
      );
    }
    const curv = classifyHessian(r.h, f.dim);
    const value = f.value(r.x);
    const hessRows: number[][] = [];
    for (let i = 0; i < f.dim; i++) hessRows.push(Array.from(r.h.subarray(i * f.dim, (i + 1) * f.dim)));
    const data = {
      x: r.x,
      value,
      gradientNorm: r.gradientNorm,
      hessian: hessRows,
      eigenvalues: curv.eigenvalues,
      eigenvectors: curv.eigenvectors,
      index: curv.index,
      kind: curv.kind,
      iterations: r.iterations,
      evaluations: r.evaluations,
      converged: r.converged,
    };
    return {
      data,
      text: () =>
        [
          `critical point: ${curv.kind === "saddle" ? `saddle of index ${curv.index}` : curv.kind} at ${vars.join(", ")} = ${fmtVec(r.x)}`,
          `  f = ${fmt(value)}   |∇f| = ${fmt(r.gradientNorm)}`,
          `  Hessian eigenvalues ${fmtVec(curv.eigenvalues)} (index ${curv.index})`,
          `  ${r.iterations} Newton iterations`,
        ].join("\n"),
    };
  },
};
