import { jsonNumber, RunningVariances } from "@langevin/core";
import {
  type BatchedFn,
  baoab,
  eulerMaruyama,
  firstPassage,
  heun,
  histogram1d,
  histogram2d,
  milstein,
  moments,
  type Observer,
  type Scheme,
  type SdeProblem,
  type SolveResult,
  sdeProblem,
  sra1,
  underdamped,
} from "@langevin/sde";
import { UsageError } from "./errors.js";
import { compileScalar, compileVector, constantValues, loadExpressions } from "./expressions.js";
import type { Interval } from "./parse.js";

/** Everything that defines an `sde` run, serialisable (stored in shard files so `merge` can rebuild it). */
export interface SdeArgs {
  vars: string[];
  params: Record<string, number>;
  drift?: string[];
  potential?: string;
  diffusion?: string[];
  beta?: number;
  noise: "diagonal" | "scalar" | "general";
  x0: number[];
  scheme: "em" | "milstein" | "heun" | "sra" | "baoab";
  t1: number;
  dt: number;
  paths: number;
  seed: number;
  burnIn: number;
  histogram?: { bounds: Interval[]; bins: number[] };
  exit?: string;
  friction?: number;
  mass?: number;
}

/** The solver inputs built from {@link SdeArgs}. */
export interface SdeSetup {
  problem: SdeProblem;
  scheme: Scheme;
  observers: Record<string, Observer>;
  /** Names of the state components (baoab: positions then momenta). */
  names: string[];
  noise: string;
  calculus: "ito" | "stratonovich";
  /** Per-path drift evaluations so far (counted by the wrapped drift). */
  evaluations: () => number;
}

/**
 * Builds problem, scheme and observers (the observer names are fixed: `moments`, `timeMoments`,
 * `histogram`, `firstPassage`).
 *
 * @example
 * const setup = await buildSde(args);
 */
export async function buildSde(a: SdeArgs): Promise<SdeSetup> {
  await loadExpressions();
  const n = a.vars.length;
  let count = 0;
  let problem: SdeProblem;
  let names = a.vars;
  let noise: string;
  let calculus: "ito" | "stratonovich" = a.scheme === "heun" ? "stratonovich" : "ito";
  if (a.scheme === "baoab") {
    if (!a.potential)
      throw new UsageError("--scheme baoab needs --potential (underdamped Langevin in U = f)");
    if (a.drift) throw new UsageError("--scheme baoab takes --potential, not --drift");
    if (a.diffusion)
      throw new UsageError("--scheme baoab takes --beta (k_B T = 1/β) and --friction, not --diffusion");
    if (a.beta === undefined) throw new UsageError("missing required option --beta (--scheme baoab)");
    const f = compileScalar("--potential", a.potential, a.vars, a.params);
    if (a.x0.length !== n && a.x0.length !== 2 * n) {
      throw new UsageError(
        `--x0: expected ${n} positions or ${2 * n} positions and momenta, got ${a.x0.length}`,
      );
    }
    problem = underdamped({
      dim: n,
      gradient: (q, out) => {
        count++;
        f.gradient(q, out);
      },
      friction: a.friction ?? 1,
      mass: a.mass ?? 1,
      temperature: 1 / a.beta,
      q0: a.x0.slice(0, n),
      p0: a.x0.length === 2 * n ? a.x0.slice(n) : undefined,
    });
    names = [...a.vars, ...a.vars.map((v) => `p_${v}`)];
    noise = "additive";
    calculus = "ito";
  } else {
    if (a.x0.length !== n) throw new UsageError(`--x0: expected ${n} coordinates, got ${a.x0.length}`);
    // the drift of a whole batch in one generated loop (expr's batch functions)
    let inner: (x: Float64Array, out: Float64Array, m: number) => void;
    if (a.drift) {
      const b = compileVector("--drift", a.drift, a.vars, a.params, n);
      if (a.potential) compileScalar("--potential", a.potential, a.vars, a.params); // checked, reference only
      inner = (x, out, m) => b.evaluateBatch(x, out, m);
    } else if (a.potential) {
      const f = compileScalar("--potential", a.potential, a.vars, a.params);
      inner = (x, out, m) => {
        f.gradientBatch(x, out, m);
        for (let j = 0; j < m * n; j++) out[j] = -out[j];
      };
    } else throw new UsageError("missing required option: give --drift or --potential");
    const drift: BatchedFn = (_t, x, out, m) => {
      count += m;
      inner(x, out, m);
    };
    // σ: from --diffusion, or sqrt(2/β)·I from --beta.
    let sigmaSources = a.diffusion;
    if (!sigmaSources) {
      if (a.beta === undefined) {
        throw new UsageError("missing required option --diffusion (or --beta for σ = sqrt(2/β)·I)");
      }
      sigmaSources = [String(Math.sqrt(2 / a.beta))];
    } else if (a.beta !== undefined) {
      throw new UsageError("give either --diffusion (σ) or --beta (σ = sqrt(2/β)·I), not both");
    }
    const k = sigmaSources.length;
    let m: number;
    if (a.noise === "general") {
      if (k % n !== 0) {
        throw new UsageError(
          `--diffusion: general noise needs d×m = ${n}×m expressions (row-major), got ${k}`,
        );
      }
      m = k / n;
    } else {
      if (k !== 1 && k !== n) {
        throw new UsageError(`--diffusion: ${a.noise} noise needs 1 or ${n} expressions, got ${k}`);
      }
      m = a.noise === "scalar" ? 1 : n;
    }
    const sources = k === 1 && a.noise !== "general" ? Array(n).fill(sigmaSources[0]) : sigmaSources;
    const consts = constantValues(sources, a.params);
    if (consts && a.scheme !== "milstein") {
      // Constant σ: additive noise (d×m matrix), which every scheme accepts (and sra needs).
      const mat = new Float64Array(n * m);
      if (a.noise === "general") mat.set(consts);
      else if (a.noise === "scalar") for (let i = 0; i < n; i++) mat[i] = consts[i];
      else for (let i = 0; i < n; i++) mat[i * n + i] = consts[i];
      problem = sdeProblem({
        dim: n,
        noise: "additive",
        noiseDim: m,
        drift,
        diffusion: mat,
        x0: a.x0,
        calculus,
      });
      noise = "additive";
    } else {
      if (a.scheme === "sra")
        throw new UsageError("--scheme sra needs additive noise: a constant --diffusion");
      const sig = compileVector("--diffusion", sources, a.vars, a.params);
      problem = sdeProblem({
        dim: n,
        noise: a.noise,
        noiseDim: m,
        drift,
        diffusion: (_t, x, out, m) => void sig.evaluateBatch(x, out, m),
        x0: a.x0,
        calculus,
      });
      noise = a.noise;
    }
  }
  const scheme =
    a.scheme === "em"
      ? eulerMaruyama
      : a.scheme === "milstein"
        ? milstein()
        : a.scheme === "heun"
          ? heun
          : a.scheme === "sra"
            ? sra1
            : baoab;
  const d = problem.dim;
  const observers: Record<string, Observer> = { moments: moments() };
  const burnIn = a.burnIn;
  observers.timeMoments = timeMoments(burnIn);
  if (a.histogram) {
    const { bounds, bins } = a.histogram;
    const timing = a.burnIn > 0 ? { burnIn: a.burnIn } : {};
    if (bounds.length === 1) {
      observers.histogram = histogram1d({
        min: bounds[0].min,
        max: bounds[0].max,
        bins: bins[0],
        component: 0,
        ...timing,
      });
    } else {
      observers.histogram = histogram2d({
        xmin: bounds[0].min,
        xmax: bounds[0].max,
        xbins: bins[0],
        ymin: bounds[1].min,
        ymax: bounds[1].max,
        ybins: bins[1],
        components: [0, 1],
        ...timing,
      });
    }
  }
  if (a.exit) {
    const e = compileScalar("--exit", a.exit, names, a.params);
    const xs = new Float64Array(d);
    observers.firstPassage = firstPassage(
      (_t, x) => {
        for (let i = 0; i < d; i++) xs[i] = x[i];
        return e.value(xs) > 0;
      },
      { keepTimes: false },
    );
  }
  return { problem, scheme, observers, names, noise, calculus, evaluations: () => count };
}

/**
 * Per-path time averages over [burnIn, t1] of every x_i and x_i x_j (i ≤ j), in one pass over the
 * batch per step (left-point rule: the state at each step's start, as `timeAverage` of
 * @langevin/sde), then their mean and standard error over paths (core's mergeable
 * RunningVariances, so shards and workers combine exactly). One fused loop instead of d + d(d+1)/2
 * `timeAverage` observers, each calling a closure per path per step (~70% of a run's time before).
 * The q = d + d(d+1)/2 quantities need their means and their spreads one by one, never their q × q
 * covariance: with RunningMoments that was O(d⁴) memory and work (2.7 GB at d = 150), now O(d²).
 */
function timeMoments(burnIn: number): Observer<{ mean: Float64Array; standardError: Float64Array }> {
  return {
    kind: "cli-time-moments",
    bind(ctx) {
      const d = ctx.dim;
      const q = d + (d * (d + 1)) / 2;
      if (!(burnIn >= ctx.t0 && burnIn < ctx.t1))
        throw new UsageError(`--burn-in: must lie in [0, t1) = [${ctx.t0}, ${ctx.t1}), got ${burnIn}`);
      // step k covers [t0 + (k−1)dt, t0 + k dt]; counted when its start is ≥ burnIn
      const from = Math.ceil((burnIn - ctx.t0) / ctx.dt - 1e-9) + 1;
      const span = ctx.t1 - (ctx.t0 + (from - 1) * ctx.dt);
      const dt = ctx.dt;
      let acc = new Float64Array(0);
      const row = new Float64Array(q);
      return {
        needsPrevious: true,
        create: () => new RunningVariances(q),
        begin(_b: RunningVariances, _t: number, _x: Float64Array, n: number) {
          if (acc.length < n * q) acc = new Float64Array(n * q);
          acc.fill(0, 0, n * q);
        },
        step(
          _b: RunningVariances,
          k: number,
          _t: number,
          _x: Float64Array,
          xp: Float64Array,
          n: number,
          _f: number,
          alive: Uint8Array,
        ) {
          if (k < from) return;
          for (let p = 0; p < n; p++) {
            if (alive[p] === 0) continue;
            const o = p * d;
            const a = p * q;
            let r = a + d;
            for (let i = 0; i < d; i++) {
              const xi = xp[o + i];
              acc[a + i] += xi * dt;
              for (let j = i; j < d; j++) acc[r++] += xi * xp[o + j] * dt;
            }
          }
        },
        end(b: RunningVariances, _t: number, _x: Float64Array, n: number) {
          for (let p = 0; p < n; p++) {
            for (let s = 0; s < q; s++) row[s] = acc[p * q + s] / span;
            b.push(row);
          }
        },
        merge: (l: RunningVariances, r: RunningVariances) => l.merge(r),
        toJSON: (b: RunningVariances) => b.toJSON(),
        fromJSON: (json: unknown, argument?: string) => RunningVariances.fromJSON(json, argument, q),
        finalize: (b: RunningVariances | undefined) => {
          const mean = b ? Float64Array.from(b.mean) : new Float64Array(q).fill(Number.NaN);
          const v = b && b.count > 1 ? b.variance() : new Float64Array(q).fill(Number.NaN);
          const standardError = Float64Array.from(v, (x) => Math.sqrt(x / (b?.count ?? 1)));
          return { mean, standardError };
        },
      };
    },
  };
}

/** Name of the observer that counts drift evaluations in worker threads. */
export const EVALUATIONS_OBSERVER = "driftEvaluations";

/**
 * The ProblemRef factory behind `langevin sde --workers`: a worker thread rebuilds the run from its
 * serialisable args, plus an observer that counts this thread's drift evaluations (the difference of
 * the thread's counter between consecutive batch ends, so a batch's set-up evaluations count too);
 * block states merge like the other observers', so the total covers every thread.
 * @example
 * const ref = { module: new URL("./sde-build.js", import.meta.url).href, export: "sdeWorkerProblem", args };
 */
export async function sdeWorkerProblem(args: SdeArgs) {
  const setup = await buildSde(args);
  let last = 0;
  const evaluations: Observer<number> = {
    kind: "drift-evaluations",
    bind: () => ({
      create: () => ({ n: 0 }),
      end: (block: { n: number }) => {
        const now = setup.evaluations();
        block.n += now - last;
        last = now;
      },
      merge: (l: { n: number }, r: { n: number }) => ({ n: l.n + r.n }),
      toJSON: (block: { n: number }) => block.n,
      fromJSON: (json: unknown, argument = "json") => ({
        n: jsonNumber(json, argument, { integer: true, min: 0 }),
      }),
      finalize: (block: { n: number } | undefined) => block?.n ?? 0,
    }),
  };
  return {
    problem: setup.problem,
    scheme: setup.scheme,
    observers: { ...setup.observers, [EVALUATIONS_OBSERVER]: evaluations },
  };
}

/** Row-major d×d → nested rows. */
function rows(m: ArrayLike<number>, d: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < d; i++) out.push(Array.from({ length: d }, (_, j) => m[i * d + j]));
  return out;
}

/**
 * The `sde` JSON output from a complete (unsharded or merged) result.
 *
 * @example
 * const data = sdeOutput(args, setup, result, evaluations, seconds);
 */
export function sdeOutput(a: SdeArgs, s: SdeSetup, r: SolveResult, evaluations: number, seconds: number) {
  const o = r.observers;
  const d = s.problem.dim;
  const mom = o.moments;
  const last = mom.mean.length - 1;
  // per-path time averages of x_i (quantities 0..d-1) and x_i x_j, i ≤ j (then row by row)
  const tm = o.timeMoments as { mean: Float64Array; standardError: Float64Array };
  const taMean = tm.mean.slice(0, d);
  const taMeanErr = tm.standardError.slice(0, d);
  const taCov = new Float64Array(d * d);
  for (let i = 0, q = d; i < d; i++)
    for (let j = i; j < d; j++, q++) {
      const v = tm.mean[q] - taMean[i] * taMean[j];
      taCov[i * d + j] = v;
      taCov[j * d + i] = v;
    }
  let histogram: unknown;
  if (o.histogram) {
    const h = o.histogram;
    const bounds = a.histogram?.bounds ?? [];
    const bins = a.histogram?.bins ?? [];
    const axes =
      bounds.length === 1
        ? [{ min: bounds[0].min, max: bounds[0].max, bins: bins[0], centers: h.centers }]
        : [
            { min: bounds[0].min, max: bounds[0].max, bins: bins[0], centers: h.xcenters },
            { min: bounds[1].min, max: bounds[1].max, bins: bins[1], centers: h.ycenters },
          ];
    histogram = { axes, density: h.density, counts: h.counts, total: h.total, outside: h.outside };
  }
  let fpt: unknown;
  if (o.firstPassage) {
    const f = o.firstPassage;
    fpt = {
      paths: f.paths,
      exited: f.exited,
      fraction: f.fraction,
      mean: f.mean,
      standardError: f.standardError,
    };
  }
  return {
    vars: s.names,
    paths: r.paths,
    t1: a.t1,
    dt: a.dt,
    scheme: a.scheme,
    noise: s.noise,
    calculus: s.calculus,
    seed: a.seed,
    mean: mom.mean[last],
    cov: rows(mom.covariance[last], d),
    timeAverage: {
      from: a.burnIn,
      to: a.t1,
      mean: taMean,
      meanStandardError: taMeanErr,
      cov: rows(taCov, d),
    },
    histogram,
    firstPassage: fpt,
    evaluations,
    seconds,
  };
}
