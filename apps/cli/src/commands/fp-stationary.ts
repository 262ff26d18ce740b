import { InvalidArgumentError } from "@langevin/core";
import {
  circulation,
  current,
  klDivergence,
  mass,
  mode,
  SolverBreakdownError,
  type StationaryMethod,
  type StationaryResult,
  stationary,
  UncertifiedStationaryError,
} from "@langevin/fokker-planck";
import type { Command, CommandResult } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { csvTable, fmt, fmtVec, rowsOf } from "../output.js";
import { parseDomain, parseInteger, parsePositive } from "../parse.js";
import { axesJson, buildFp, FP_OPTIONS, gibbsDensity, splitComponents } from "./fp-common.js";

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
    "(Φ = −β⁻¹ log ρ, min 0, finite where ρ underflows), mode (cell centre of highest density),",
    "iterations, method, reason, seconds, and diagnostic: the metastable basins (mass, logMass,",
    "bottom, exitCost in kT, outFlux, inFlux, imbalance), fluxes between them, maxImbalance,",
    "residual (entrywise), certified, metastability (kT).",
    "At low temperature (barriers of tens to hundreds of kT) --method auto uses the exact GTH",
    "elimination when the grid allows it and checks every answer's split between wells by their",
    "flux balance. Exits 1 when the linear solver does not reach --tol, when the split cannot be",
    "certified (with what to do), or when the discrete chain falls apart in double precision.",
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
    method: {
      type: "string",
      arg: "auto|gth|multigrid|ilu",
      description:
        "auto: exact GTH elimination when cheap or metastable, else multigrid checked by the basins' flux balance",
      default: "auto",
    },
    "gth-max-mb": {
      type: "string",
      arg: "MB",
      description: "memory the GTH factor may take (auto skips GTH above it)",
      default: "320",
    },
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
    const method = ctx.opt("method") ?? "auto";
    if (!["auto", "gth", "multigrid", "ilu"].includes(method)) {
      throw new UsageError(`--method: must be auto, gth, multigrid or ilu, got "${method}"`);
    }
    const gthMaxEntries = (parsePositive("--gth-max-mb", ctx.opt("gth-max-mb") ?? "320") * 2 ** 20) / 8;
    if (method === "gth" && op.diagnostics.positivityViolations > 0) {
      throw new UsageError(
        "--method gth: the generator has negative rates (--cross-diffusion central); use --cross-diffusion monotone",
      );
    }
    ctx.progress.update("fp stationary", 0);
    const ss = solve(() =>
      stationary(op, {
        tol,
        maxIterations,
        method: method as StationaryMethod,
        gthMaxEntries,
        onProgress: ctx.progress.callback("fp stationary"),
      }),
    );
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
    const { phi, nonPositive } = potentialFromLog(ss, s.beta);
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
      reason: ss.reason,
      seconds: ss.seconds,
      diagnostic: diagnosticJson(ss, g),
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
          `  mass ${fmt(data.mass)}   residual ${fmt(ss.residual)}   method ${ss.method} (${ss.reason})`,
          `  ${ss.diagnostic.basins} basin${ss.diagnostic.basins === 1 ? "" : "s"} (metastability ${fmt(ss.basins.metastability)} kT), masses ${Array.from(ss.diagnostic.mass, (m) => fmt(m)).join(", ")}; flux imbalance ${fmt(ss.diagnostic.maxImbalance)}: ${ss.diagnostic.certified ? "certified" : "NOT certified"}`,
          `  mode at ${s.vars.join(", ")} = ${fmtVec(m)}`,
          ...(klToGibbs !== undefined ? [`  KL to Gibbs e^{-βf}/Z: ${fmt(klToGibbs)}`] : []),
          `  max |J| = ${fmt(maxJ)}${circ !== undefined ? `   circulation ${fmt(circ)}` : ""}`,
        ].join("\n"),
      csv: () => {
        const centers = g.centers();
        const row = (i: number) => [
          ...Array.from({ length: d }, (_, k) => centers[i * d + k]),
          rho[i],
          phi[i],
          ...Array.from({ length: d }, (_, k) => J[i * d + k]),
        ];
        return csvTable(
          [...s.vars, "density", "potential", ...s.vars.map((v) => `J_${v}`)],
          rowsOf(g.size, row),
        );
      },
    };
  },
};

/**
 * Runs the solve, turning the solver's own failures into exit-1 failures with the CLI's options in
 * the advice (the library's messages name its API options).
 */
function solve(run: () => StationaryResult): StationaryResult {
  try {
    return run();
  } catch (e) {
    if (e instanceof UncertifiedStationaryError || e instanceof SolverBreakdownError) {
      const advice = e.message
        .replace(
          /gthMaxEntries ([0-9.e+]+)/g,
          (_, n) => `--gth-max-mb ${((Number(n) * 8) / 2 ** 20).toFixed(0)}`,
        )
        .replace(/raise gthMaxEntries/g, "raise --gth-max-mb")
        .replace(/use "auto" or "gth"/g, "use --method auto or --method gth")
        .replace(/build the operator with crossDiffusion "monotone"/g, "use --cross-diffusion monotone")
        .replace(/central cross-diffusion/g, "--cross-diffusion central");
      throw new SolverFailure(`stationary: ${advice}`, e.residual);
    }
    if (e instanceof InvalidArgumentError && e.argument === "options.gthMaxEntries") {
      throw new UsageError(`--gth-max-mb: ${e.message.replace(/^options\.gthMaxEntries: /, "")}`);
    }
    throw e;
  }
}

/** Φ = −β⁻¹ (log ρ − max log ρ), from the solver's logarithms so that it stays finite where ρ underflows. */
function potentialFromLog(ss: StationaryResult, beta: number): { phi: Float64Array; nonPositive: number } {
  let top = Number.NEGATIVE_INFINITY;
  for (const v of ss.logDensity) if (v > top) top = v;
  const phi = Float64Array.from(ss.logDensity, (v) =>
    v > Number.NEGATIVE_INFINITY ? (top - v) / beta : Number.POSITIVE_INFINITY,
  );
  let nonPositive = 0;
  for (const v of ss.density) if (!(v > 0)) nonPositive++;
  return { phi, nonPositive };
}

/** The split diagnostic in the JSON output (bottoms as points, not cell indices). */
function diagnosticJson(ss: StationaryResult, g: { center(i: number): Float64Array }) {
  const d = ss.diagnostic;
  return {
    basins: Array.from({ length: d.basins }, (_, a) => ({
      mass: d.mass[a],
      logMass: d.logMass[a],
      bottom: Array.from(g.center(ss.basins.bottom[a])),
      exitCost: ss.basins.exitCost[a],
      outFlux: d.outFlux[a],
      inFlux: d.inFlux[a],
      imbalance: d.imbalance[a],
    })),
    fluxes: d.fluxes,
    maxImbalance: d.maxImbalance,
    residual: d.residual,
    certified: d.certified,
    tolerance: d.tolerance,
    metastability: ss.basins.metastability,
  };
}
