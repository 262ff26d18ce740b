import { circulation, current, klDivergence, mass, mode, stationary } from "@langevin/fokker-planck";
import type { Command, CommandResult } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { csvTable, fmt, fmtVec } from "../output.js";
import { parseDomain, parseInteger, parsePositive } from "../parse.js";
import { axesJson, buildFp, FP_OPTIONS, gibbsDensity, potentialOf, splitComponents } from "./fp-common.js";

export const fpStationaryCommand: Command = {
  name: "fp stationary",
  summary: "stationary density of a Fokker–Planck equation, its current, potential Φ and KL to Gibbs",
  usage:
    'langevin fp stationary --potential EXPR [--drift "E1;E2"] --beta B [--diffusion "E11;E12;E22" | --diffusion-diag "E1;E2"] --domain "a:b[,c:d[,e:f]]" --cells "N[xM[xK]]" [--bc reflecting|periodic|absorbing]',
  description: [
    "Solves L ρ = 0 for ∂ρ/∂t = ∇·(−bρ + β⁻¹∇·(Dρ)) on a finite-volume grid (exponentially fitted",
    "fluxes: e^{−βf} is exact for isotropic D). With --potential alone b = −∇f; with --drift b is",
    "exactly what is given and the potential, if any, is only the reference for klToGibbs.",
    "JSON: axes [{min, max, cells, centers}], density (row-major, Σ ρ dV = 1), mass, residual,",
    "klToGibbs (KL(ρ ‖ e^{−βf}/Z), with --potential), current (one array per axis, cell-centred,",
    "same layout), circulation (2-D/3-D: ∮ J·dl counter-clockwise around --loop), potential",
    "(Φ = −β⁻¹ log ρ, min 0), mode (cell centre of highest density), iterations, seconds.",
    "Exits 1 with the residual when the linear solver does not reach --tol.",
  ].join("\n"),
  options: {
    ...FP_OPTIONS,
    loop: {
      type: "string",
      arg: '"a:b,c:d"',
      description: "rectangle for the circulation (default: the middle half of the first two axes)",
    },
    tol: { type: "string", arg: "T", description: "relative residual of the linear solve", default: "1e-11" },
    "max-iter": { type: "string", arg: "K", description: "Krylov iterations at most", default: "2000" },
  },
  examples: [
    'langevin fp stationary --potential "(x^2-1)^2" --beta 3 --domain -2.5:2.5 --cells 400',
    'langevin fp stationary --potential "(x^2-1)^2/4 + y^2/2" --beta 1 --domain "-3:3,-3:3" --cells 128 --diffusion-diag "1; 1 + 0.5*x^2"',
    'langevin fp stationary --drift "-x - g*y; -y + g*x" --param g=1 --potential "(x^2+y^2)/2" --beta 2 --domain "-4:4,-4:4" --cells 96x96 --format json --out ss.json',
  ],
  async run(ctx): Promise<CommandResult> {
    const s = await buildFp(ctx);
    const { grid: g, op } = s;
    const tol = parsePositive("--tol", ctx.opt("tol") ?? "1e-11");
    const maxIterations = parseInteger("--max-iter", ctx.opt("max-iter") ?? "2000", 1);
    if (g.bc.some(([a, b]) => a === "absorbing" || b === "absorbing")) {
      throw new UsageError("--bc absorbing: no stationary density exists (all mass leaves); use fp evolve");
    }
    ctx.progress.update("fp stationary", 0);
    const ss = stationary(op, { tol, maxIterations });
    ctx.progress.update("fp stationary", 1);
    const rho = ss.density;
    const J = current(op, rho);
    const d = g.dim;
    let circ: number | undefined;
    if (d >= 2) {
      const loopText = ctx.opt("loop");
      const rect = loopText
        ? parseDomain("--loop", loopText)
        : [0, 1].map((k) => {
            const [lo, hi] = g.bounds[k];
            const w = hi - lo;
            return { min: lo + w / 4, max: hi - w / 4 };
          });
      if (rect.length !== 2)
        throw new UsageError(`--loop: expected two intervals "a:b,c:d", got ${rect.length}`);
      circ = circulation(op, rho, {
        rectangle: [
          [rect[0].min, rect[0].max],
          [rect[1].min, rect[1].max],
        ],
      });
    }
    const { phi, nonPositive } = potentialOf(rho, s.beta);
    let minRho = 0;
    let maxRho = 0;
    for (const v of rho) {
      minRho = Math.min(minRho, v);
      maxRho = Math.max(maxRho, v);
    }
    if (minRho < -1e-9 * maxRho) {
      ctx.warn(
        `the stationary density is negative somewhere (min ${minRho.toExponential(2)}): positivity lost` +
          " (central cross-diffusion; --cross-diffusion monotone keeps it positive); klToGibbs is not computed",
      );
    }
    // KL needs a density ≥ 0: round-off negatives are floored, real ones (above) leave it undefined
    const klToGibbs =
      s.potential && minRho >= -1e-9 * maxRho
        ? klDivergence(
            g,
            rho.map((v) => Math.max(v, 0)),
            gibbsDensity(g, s.potential, s.beta),
          )
        : undefined;
    const m = mode(g, rho);
    const data = {
      axes: axesJson(g),
      density: rho,
      mass: mass(g, rho),
      residual: ss.residual,
      klToGibbs,
      current: splitComponents(J, d, g.size),
      circulation: circ,
      potential: phi,
      nonPositiveCells: nonPositive,
      mode: m,
      iterations: ss.iterations,
      method: ss.method,
      seconds: ss.seconds,
    };
    let maxJ = 0;
    for (const v of J) maxJ = Math.max(maxJ, Math.abs(v));
    return {
      data,
      failure:
        ss.residual > tol * 100
          ? new SolverFailure(
              `stationary solve did not converge: residual ${ss.residual.toExponential(3)}`,
              ss.residual,
            )
          : undefined,
      text: () =>
        [
          `stationary density on ${g.cells.join("x")} cells (${ss.iterations} iterations, ${fmt(ss.seconds)} s)`,
          `  mass ${fmt(data.mass)}   residual ${fmt(ss.residual)}`,
          `  mode at ${s.vars.join(", ")} = ${fmtVec(m)}`,
          ...(klToGibbs !== undefined ? [`  KL to Gibbs e^{-βf}/Z: ${fmt(klToGibbs)}`] : []),
          `  max |J| = ${fmt(maxJ)}${circ !== undefined ? `   circulation ${fmt(circ)}` : ""}`,
        ].join("\n"),
      csv: () => {
        const centers = g.centers();
        const rows: number[][] = [];
        for (let i = 0; i < g.size; i++) {
          const row: number[] = [];
          for (let k = 0; k < d; k++) row.push(centers[i * d + k]);
          row.push(rho[i], phi[i]);
          for (let k = 0; k < d; k++) row.push(J[i * d + k]);
          rows.push(row);
        }
        return csvTable([...s.vars, "density", "potential", ...s.vars.map((v) => `J_${v}`)], rows);
      },
    };
  },
};
