import { solve } from "@langevin/sde";
import type { Command, CommandResult } from "../command.js";
import { UsageError } from "../errors.js";
import { csvTable, fmt, fmtMat, fmtVec } from "../output.js";
import {
  parseCells,
  parseDomain,
  parseExpressionList,
  parseInteger,
  parseNumber,
  parsePoint,
  parsePositive,
  parseShard,
} from "../parse.js";
import { checkWorkers, guard, limitsOf, RESOURCE_OPTIONS, sdeEstimate } from "../resources.js";
import { buildSde, EVALUATIONS_OBSERVER, type SdeArgs, type SdeSetup, sdeOutput } from "../sde-build.js";
import { shardFile } from "../shard-file.js";

/**
 * The human summary of an sde output.
 *
 * @example
 * sdeText(data);
 */
export function sdeText(data: ReturnType<typeof sdeOutput>): string {
  const d = data.vars.length;
  const lines = [
    `${data.paths} paths of ${data.scheme} (${data.noise} noise, ${data.calculus}) to t = ${fmt(data.t1)}, dt = ${fmt(data.dt)}`,
    `  mean at t1 ${fmtVec(data.mean)}`,
    "  covariance at t1",
    fmtMat(data.cov.flat(), d, "    "),
    `  time average over [${fmt(data.timeAverage.from)}, ${fmt(data.timeAverage.to)}]: mean ${fmtVec(data.timeAverage.mean)}`,
    fmtMat(data.timeAverage.cov.flat(), d, "    "),
  ];
  const fpt = data.firstPassage as
    | { exited: number; paths: number; mean: number; standardError: number }
    | undefined;
  if (fpt)
    lines.push(
      `  first passage: ${fpt.exited}/${fpt.paths} exited, mean time ${fmt(fpt.mean)} ± ${fmt(fpt.standardError)}`,
    );
  if (data.histogram) lines.push("  histogram: in the JSON output (--format json)");
  lines.push(`  ${data.evaluations} drift evaluations, ${fmt(data.seconds)} s`);
  return lines.join("\n");
}

/**
 * Renders a complete sde result as the command's output.
 *
 * @example
 * sdeResult(args, setup, result, evaluations, seconds);
 */
export function sdeResult(data: ReturnType<typeof sdeOutput>): CommandResult {
  return {
    data,
    text: () => sdeText(data),
    csv: () => {
      const d = data.vars.length;
      const rowsOut: unknown[][] = [];
      for (let i = 0; i < d; i++) {
        rowsOut.push([
          data.vars[i],
          data.mean[i],
          data.timeAverage.mean[i],
          ...data.cov[i],
          ...data.timeAverage.cov[i],
        ]);
      }
      return csvTable(
        [
          "var",
          "mean",
          "timeAverageMean",
          ...data.vars.map((v) => `cov_${v}`),
          ...data.vars.map((v) => `timeAverageCov_${v}`),
        ],
        rowsOut,
      );
    },
  };
}

/**
 * Runs the solver for a setup (whole run or one shard), on the main thread or, with `workers` > 0,
 * on the process's pool of worker threads (each rebuilds the run from `args`; bit-identical results).
 */
export async function runSde(
  args: SdeArgs,
  setup: SdeSetup,
  onProgress?: (f: number) => void,
  shard?: { index: number; count: number },
  workers = 0,
) {
  const t0 = performance.now();
  if (workers > 0) {
    const ref = {
      module: new URL("../sde-build.js", import.meta.url).href,
      export: "sdeWorkerProblem",
      args,
    };
    const result = await solve(ref, {
      dt: args.dt,
      t1: args.t1,
      paths: args.paths,
      seed: args.seed,
      workers,
      shard,
      onProgress,
    });
    const evaluations = result.observers[EVALUATIONS_OBSERVER] as number;
    return { result, seconds: (performance.now() - t0) / 1000, evaluations };
  }
  const result = await solve(setup.problem, {
    scheme: setup.scheme,
    dt: args.dt,
    t1: args.t1,
    paths: args.paths,
    seed: args.seed,
    observers: setup.observers,
    shard,
    onProgress,
  });
  return { result, seconds: (performance.now() - t0) / 1000, evaluations: setup.evaluations() };
}

export const sdeCommand: Command = {
  name: "sde",
  summary: "simulate an ensemble of SDE paths: moments, time averages, histograms, first passage",
  usage:
    'langevin sde --drift "E1;E2" [--potential EXPR] --diffusion "…" [--noise diagonal|scalar|general] --x0 "a,b" --t1 T --dt h --paths N [--scheme em|milstein|heun|sra|baoab] [--burn-in T0]',
  description: [
    "Integrates dx = b(x) dt + σ(x) dW for --paths paths from --x0 (Itô; Stratonovich with heun).",
    "b is --drift, or −∇f from --potential alone. σ is --diffusion: for diagonal noise 1 expression",
    "(σ·I) or d (diag σ_i), for scalar noise (one Wiener process) 1 or d, for general noise d×m",
    "row-major; or --beta B for σ = sqrt(2/B)·I. A constant σ runs as additive noise. --scheme baoab",
    "simulates underdamped Langevin dq = p/m dt, dp = (−∇f − γp) dt + sqrt(2γm/β) dW (--friction γ,",
    "--mass m; state q then p). Path i's noise depends only on (seed, i), so the results do not depend",
    "on batching, and --shard i/n runs a share of the paths whose outputs `langevin merge` combines",
    "exactly into the unsharded result. --shard auto takes i and n from the scheduler (Slurm array,",
    "Kubernetes indexed job), and --out part-{index}.json names each task's file; `langevin slurm`",
    "writes and submits the whole array job.",
    "JSON: mean, cov (at t1), timeAverage {from, to, mean, meanStandardError, cov} (over all paths",
    "and steps in [--burn-in, t1]), histogram {axes, density, counts, total, outside} with",
    "--histogram/--bins (at t1, or pooled over [burn-in, t1] when --burn-in > 0), firstPassage",
    "{paths, exited, fraction, mean, standardError} with --exit (absorbing), evaluations, seconds.",
  ].join("\n"),
  options: {
    drift: { type: "string", arg: '"E1;E2"', description: "drift b(x), one expression per coordinate" },
    potential: { type: "string", arg: "EXPR", description: "f(x): drift −∇f when --drift is absent" },
    diffusion: { type: "string", arg: '"E1;E2"', description: "noise coefficient σ(x) (see above)" },
    beta: {
      type: "string",
      arg: "B",
      description: "σ = sqrt(2/B)·I instead of --diffusion (baoab: k_BT = 1/B)",
    },
    noise: {
      type: "string",
      arg: "diagonal|scalar|general",
      description: "noise structure",
      default: "diagonal",
    },
    x0: {
      type: "string",
      arg: '"a,b"',
      description: "initial state of every path (sets the dimension)",
      required: true,
    },
    t1: { type: "string", arg: "T", description: "final time", required: true },
    dt: { type: "string", arg: "h", description: "time step (T/h must be an integer)", required: true },
    paths: { type: "string", arg: "N", description: "number of paths", required: true },
    scheme: { type: "string", arg: "em|milstein|heun|sra|baoab", description: "integrator", default: "em" },
    "burn-in": { type: "string", arg: "T0", description: "start of the time averages", default: "0" },
    histogram: { type: "string", arg: '"a:b[,c:d]"', description: "histogram range of x (and y)" },
    bins: { type: "string", arg: "N[xM]", description: "histogram bins", default: "50" },
    exit: {
      type: "string",
      arg: '"EXPR>0"',
      description: "first-passage region: a path exits when EXPR > 0",
    },
    friction: { type: "string", arg: "γ", description: "baoab friction", default: "1" },
    mass: { type: "string", arg: "m", description: "baoab mass", default: "1" },
    shard: {
      type: "string",
      arg: "i/n|auto",
      description:
        "run shard i of n (write a partial result for merge); auto: the array task of a Slurm array or Kubernetes indexed job",
    },
    workers: {
      type: "string",
      arg: "N",
      description:
        "worker threads sharing the paths (0: the main thread; at most 4 per core); the same numbers either way",
      default: "0",
    },
    ...RESOURCE_OPTIONS,
  },
  random: true,
  examples: [
    'langevin sde --drift "-x;-2*y" --diffusion "1;1" --x0 1,1 --t1 5 --dt 0.01 --paths 10000',
    'langevin sde --potential "(x^2-1)^2" --beta 3 --x0 -1 --t1 200 --dt 0.01 --paths 200 --exit "x>1"',
    'langevin sde --potential "(x^2-1)^2" --beta 2 --x0 0 --t1 50 --dt 0.01 --paths 1000 --burn-in 10 --histogram -2:2 --bins 80',
    'langevin sde --drift "-x" --diffusion "0.5*x" --scheme milstein --x0 1 --t1 1 --dt 0.001 --paths 5000',
    'langevin sde --potential "x^2/2" --beta 1 --scheme baoab --friction 2 --x0 1 --t1 100 --dt 0.05 --paths 500',
    "langevin sde ... --seed 7 --shard 0/4 --out part0.json   # then: langevin merge part*.json",
    "langevin sde ... --seed 7 --shard auto --out part-{index}.json   # in each task of a Slurm array",
  ],
  async run(ctx): Promise<CommandResult> {
    const x0 = parsePoint("--x0", ctx.need("x0"));
    const scheme = (ctx.opt("scheme") ?? "em") as SdeArgs["scheme"];
    if (!["em", "milstein", "heun", "sra", "baoab"].includes(scheme)) {
      throw new UsageError(`--scheme: expected em, milstein, heun, sra or baoab, got "${scheme}"`);
    }
    // baoab: --x0 holds the positions, or positions then momenta when --vars names the positions.
    const vars = scheme === "baoab" && ctx.vars ? ctx.vars : ctx.varsFor(x0.length, "--x0");
    const noise = (ctx.opt("noise") ?? "diagonal") as SdeArgs["noise"];
    if (!["diagonal", "scalar", "general"].includes(noise)) {
      throw new UsageError(`--noise: expected diagonal, scalar or general, got "${noise}"`);
    }
    const t1 = parsePositive("--t1", ctx.need("t1"));
    const dt = parsePositive("--dt", ctx.need("dt"));
    const ratio = t1 / dt;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 * ratio) {
      throw new UsageError(`--dt: --t1/--dt = ${ratio} must be a whole number of steps`);
    }
    const paths = parseInteger("--paths", ctx.need("paths"), 1);
    const burnIn = parseNumber("--burn-in", ctx.opt("burn-in") ?? "0");
    if (!(burnIn >= 0 && burnIn < t1))
      throw new UsageError(`--burn-in: must lie in [0, t1) = [0, ${t1}), got ${burnIn}`);
    let histogram: SdeArgs["histogram"];
    const hText = ctx.opt("histogram");
    if (hText) {
      const bounds = parseDomain("--histogram", hText);
      if (bounds.length > 2) throw new UsageError("--histogram: 1 or 2 axes");
      let bins = parseCells("--bins", ctx.opt("bins") ?? "50", 1);
      if (bins.length === 1 && bounds.length === 2) bins = [bins[0], bins[0]];
      if (bins.length !== bounds.length)
        throw new UsageError(`--bins: ${bins.length} axes but --histogram has ${bounds.length}`);
      histogram = { bounds, bins };
    }
    const betaText = ctx.opt("beta");
    const args: SdeArgs = {
      vars,
      params: ctx.params,
      drift:
        ctx.opt("drift") !== undefined
          ? parseExpressionList("--drift", ctx.opt("drift") as string)
          : undefined,
      potential: ctx.opt("potential"),
      diffusion:
        ctx.opt("diffusion") !== undefined
          ? parseExpressionList("--diffusion", ctx.opt("diffusion") as string)
          : undefined,
      beta: betaText !== undefined ? parsePositive("--beta", betaText) : undefined,
      noise,
      x0,
      scheme,
      t1,
      dt,
      paths,
      seed: ctx.seed,
      burnIn,
      histogram,
      exit: ctx.opt("exit"),
      friction: parsePositive("--friction", ctx.opt("friction") ?? "1"),
      mass: parsePositive("--mass", ctx.opt("mass") ?? "1"),
    };
    const shardText = ctx.opt("shard");
    const shard = shardText ? parseShard(shardText) : undefined;
    const workers = parseInteger("--workers", ctx.opt("workers") ?? "0", 0);
    checkWorkers(workers);
    if (workers > 0 && shard) {
      throw new UsageError("--workers: not with --shard (run the shards as parallel processes instead)");
    }
    if (shard && ctx.values.format !== undefined && ctx.format !== "json") {
      throw new UsageError("--shard writes a JSON partial result for `langevin merge`; drop --format");
    }
    // before compiling or allocating: baoab's state is positions and momenta; general noise has
    // as many Wiener processes as --diffusion has expressions per row
    const dim = scheme === "baoab" ? 2 * vars.length : vars.length;
    const sigmas = args.diffusion?.length ?? 1;
    const noiseDim = noise === "scalar" ? 1 : noise === "general" ? Math.max(1, sigmas / dim) : dim;
    const share = shard ? Math.ceil(paths / shard.count) : paths;
    const bins = histogram ? histogram.bins.reduce((p, b) => p * b, 1) : 0;
    const general = noise === "general";
    guard(limitsOf(ctx), sdeEstimate({ dim, noiseDim, general, paths: share, steps: ratio, bins, workers }));
    const setup = await buildSde(args);
    const run = await runSde(args, setup, ctx.progress.callback("sde"), shard, workers);
    if (shard) {
      const data = shardFile({
        args,
        shards: [shard],
        evaluations: run.evaluations,
        seconds: run.seconds,
        result: run.result.toJSON(),
      });
      return {
        data,
        text: () => JSON.stringify(data),
      };
    }
    return sdeResult(sdeOutput(args, setup, run.result, run.evaluations, run.seconds));
  },
};
