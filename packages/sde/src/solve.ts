import {
  AbortError,
  assertInteger,
  DivergenceError,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  type SeedLike,
  throwIfAborted,
} from "@langevin/core/base";
import { type EngineConfig, runRange } from "./engine.js";
import type { BoundObserver, Observer, ObserverContext, ObserverSpec } from "./observers/types.js";
import { importNode, WorkerPool } from "./pool.js";
import type { SdeProblem } from "./problem.js";
import { ReductionTree } from "./reduction.js";
import { type ObserverResults, type RunMeta, SolveResult } from "./result.js";
import { checkScheme, type Scheme, type SchemeSpec } from "./schemes/types.js";

/**
 * A problem that worker threads can rebuild: the module is imported (in every worker and on the
 * main thread) and `module[export](args)` is called; it returns an `SdeProblem`, or
 * `{ problem, observers?, scheme? }` to also provide observers or a scheme that hold functions.
 */
export interface ProblemRef {
  /** A module URL (`file:`…, e.g. `new URL("./problem.mjs", import.meta.url).href`) or an absolute path. */
  module: string | URL;
  /** Name of the exported factory. */
  export: string;
  /** Structured-cloneable arguments for the factory. */
  args?: unknown;
}

/** What a {@link ProblemRef} factory may return. */
export type ProblemFactoryResult =
  | SdeProblem
  | {
      /** The problem. */
      problem: SdeProblem;
      /** Observers to add to those of the options. */
      observers?: Record<string, Observer>;
      /** The scheme, when the options give none. */
      scheme?: Scheme;
    };

/** Options of {@link solve}. */
export interface SolveOptions {
  /** The scheme (may be omitted when a ProblemRef factory supplies one). */
  scheme?: Scheme;
  /** Step h > 0; (t1 − t0)/dt must be an integer (to 1e-9 relative). */
  dt: number;
  /** End time (> t0). */
  t1: number;
  /** Default 0. */
  t0?: number;
  /** Number of paths. */
  paths: number;
  /** Global index of the first path (default 0): path i uses RNG stream i of `seed`. */
  firstPath?: number;
  /** Seed of the run: path i draws RNG stream i, whatever the batching or threads. */
  seed: SeedLike;
  /** Paths advanced together (default 256; clipped to blockSize). Does not change results. */
  batchSize?: number;
  /** Paths per reduction block (default 1024). Results merge exactly only with equal blockSize. */
  blockSize?: number;
  /** Named observers; the result holds their outputs under the same names. */
  observers?: Record<string, Observer>;
  /** Cancels the run between batches (it then throws `AbortError`; workers are stopped). */
  signal?: AbortSignal;
  /** Called with the completed fraction (0..1) at most every ~25 ms. */
  onProgress?: (fraction: number, info?: { pathsDone: number; paths: number }) => void;
  /**
   * Worker threads (needs a ProblemRef). 0 or undefined: the main thread. A number n borrows the
   * process-wide pool of n threads (started by the first such solve, reused by later ones, never
   * keeping the process alive); a {@link WorkerPool} (`createWorkerPool(n)`) is a pool of your own.
   */
  workers?: number | WorkerPool;
  /** Run only shard `index` of `count` (contiguous block ranges); merge shards with `result.merge`. */
  shard?: {
    /** This shard, 0-based. */
    index: number;
    /** Number of shards. */
    count: number;
  };
  /** Throw DivergenceError when a state becomes NaN/±Infinity (default true; one pass per step). */
  checkFinite?: boolean;
}

interface Prepared {
  problem: SdeProblem;
  scheme: Scheme;
  observers: Record<string, Observer>;
  ctx: ObserverContext;
  cfg: EngineConfig;
  range: [number, number];
}

function isRef(p: unknown): p is ProblemRef {
  return !!p && typeof p === "object" && "module" in p && "export" in p;
}

async function moduleUrl(m: string | URL): Promise<string> {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return m;
  const { pathToFileURL } = await importNode<typeof import("node:url")>("url");
  return pathToFileURL(m).href;
}

/** Imports a ProblemRef and normalises the factory's result. */
export async function loadProblemRef(
  ref: ProblemRef,
): Promise<{ problem: SdeProblem; observers: Record<string, Observer>; scheme?: Scheme }> {
  const mod = (await import(
    /* @vite-ignore */ /* webpackIgnore: true */ await moduleUrl(ref.module)
  )) as Record<string, unknown>;
  const factory = mod[ref.export];
  if (typeof factory !== "function")
    throw new InvalidArgumentError(
      "problem.export",
      `module ${String(ref.module)} has no exported function "${ref.export}"`,
    );
  const r = (await factory(ref.args)) as ProblemFactoryResult;
  if (r && typeof r === "object" && "problem" in r)
    return { problem: r.problem, observers: r.observers ?? {}, scheme: r.scheme };
  return { problem: r as SdeProblem, observers: {} };
}

function prepare(
  problem: SdeProblem,
  options: SolveOptions,
  extraObservers: Record<string, Observer>,
  refScheme?: Scheme,
): Prepared {
  if (!problem || typeof problem.drift !== "function" || !(problem.dim >= 1))
    throw new InvalidArgumentError(
      "problem",
      "must be an SdeProblem (sdeProblem, fromPotential, underdamped) or a ProblemRef",
    );
  const scheme = options.scheme ?? refScheme;
  if (!scheme) throw new InvalidArgumentError("scheme", "is required");
  checkScheme(scheme, problem);
  const t0 = options.t0 ?? 0;
  const { dt, t1 } = options;
  if (!(Number.isFinite(dt) && dt > 0))
    throw new InvalidArgumentError("dt", `must be a finite number > 0, got ${dt}`);
  if (!Number.isFinite(t0)) throw new InvalidArgumentError("t0", `must be finite, got ${t0}`);
  if (!(Number.isFinite(t1) && t1 > t0))
    throw new InvalidArgumentError("t1", `must be finite and > t0 = ${t0}, got ${t1}`);
  const ratio = (t1 - t0) / dt;
  const steps = Math.round(ratio);
  // t1 = 1e300 with dt = 1e-300 is Infinity steps, which the test below lets through (∞ − ∞ is NaN)
  // and the step loop never finishes; beyond 2⁵³ the count itself is not exact
  if (!Number.isSafeInteger(steps))
    throw new InvalidArgumentError(
      "dt",
      `(t1 − t0)/dt = ${ratio} steps: more than 2^53, so the steps cannot even be counted exactly`,
    );
  if (Math.abs(ratio - steps) > 1e-9 * Math.max(1, ratio))
    throw new InvalidArgumentError("dt", `(t1 − t0)/dt = ${ratio} must be an integer number of steps`);
  assertInteger(options.paths, "paths", 1);
  const firstPath = options.firstPath ?? 0;
  assertInteger(firstPath, "firstPath", 0);
  const batchSize = options.batchSize ?? 256;
  assertInteger(batchSize, "batchSize", 1);
  const blockSize = options.blockSize ?? 1024;
  assertInteger(blockSize, "blockSize", 1);
  const observers: Record<string, Observer> = { ...(options.observers ?? {}) };
  for (const [name, o] of Object.entries(extraObservers)) {
    if (name in observers)
      throw new InvalidArgumentError("observers", `"${name}" is given twice (options and problem module)`);
    observers[name] = o;
  }
  for (const [name, o] of Object.entries(observers))
    if (!o || typeof o.bind !== "function")
      throw new InvalidArgumentError(`observers.${name}`, "is not an Observer");
  const ctx: ObserverContext = { dim: problem.dim, t0, t1, dt, steps, firstPath, paths: options.paths };
  let range: [number, number] = [firstPath, firstPath + options.paths];
  if (options.shard) {
    const { index, count } = options.shard;
    assertInteger(count, "shard.count", 1);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < count))
      throw new InvalidArgumentError("shard.index", `must be an integer in [0, ${count}), got ${index}`);
    range = splitRange(range, blockSize, count)[index];
  }
  const cfg: EngineConfig = {
    problem,
    scheme,
    seed: options.seed,
    t0,
    dt,
    steps,
    batchSize,
    blockSize,
    checkFinite: options.checkFinite ?? true,
  };
  return { problem, scheme, observers, ctx, cfg, range };
}

/**
 * Splits [start, end) into `parts` contiguous ranges cut at block boundaries (some may be empty);
 * this is how workers and shards share the paths.
 * @example
 * splitRange([0, 3000], 1024, 2); // [[0, 1024], [1024, 3000]]
 */
export function splitRange(range: [number, number], blockSize: number, parts: number): [number, number][] {
  const [start, end] = range;
  const fb = Math.floor(start / blockSize);
  const nb = Math.ceil(end / blockSize) - fb;
  const out: [number, number][] = [];
  for (let w = 0; w < parts; w++) {
    const b0 = fb + Math.floor((nb * w) / parts);
    const b1 = fb + Math.floor((nb * (w + 1)) / parts);
    const s = Math.max(start, b0 * blockSize);
    const e = Math.min(end, b1 * blockSize);
    out.push([s, Math.max(s, e)]);
  }
  return out;
}

function bindAll(p: Prepared) {
  const names = Object.keys(p.observers);
  const bound: Record<string, BoundObserver> = {};
  const trees: Record<string, ReductionTree<unknown>> = {};
  const kinds: Record<string, string> = {};
  for (const name of names) {
    const b = p.observers[name].bind(p.ctx) as BoundObserver;
    bound[name] = b;
    kinds[name] = p.observers[name].kind;
    trees[name] = new ReductionTree<unknown>((l, r) => b.merge(l, r));
  }
  return { names, bound, trees, kinds };
}

function meta(p: Prepared): RunMeta {
  return { ctx: p.ctx, seed: String(p.cfg.seed), blockSize: p.cfg.blockSize, scheme: p.scheme.name };
}

/**
 * Runs an ensemble on the main thread, synchronously (no progress pauses; `signal` is checked
 * between batches, so only an abort raised from inside a callback can stop it).
 * @example
 * const r = solveSync(problem, { scheme: eulerMaruyama, dt: 0.01, t1: 1, paths: 100, seed: 1, observers: { m: moments() } });
 */
export function solveSync<O extends Record<string, Observer> = Record<string, Observer>>(
  problem: SdeProblem,
  options: SolveOptions & { observers?: O },
): SolveResult<ObserverResults<O>> {
  const started = performance.now();
  const p = prepare(problem, options, {});
  const { names, bound, trees, kinds } = bindAll(p);
  const gen = runRange(
    p.cfg,
    names.map((n) => bound[n]),
    names.map((n) => trees[n]),
    p.range[0],
    p.range[1],
  );
  const total = p.range[1] - p.range[0];
  for (let r = gen.next(); !r.done; r = gen.next()) {
    if (Number.isInteger(r.value)) {
      throwIfAborted(options.signal);
      options.onProgress?.(total > 0 ? r.value / total : 1, { pathsDone: r.value, paths: total });
    }
  }
  return new SolveResult<ObserverResults<O>>(
    meta(p),
    kinds,
    bound,
    trees,
    [p.range],
    performance.now() - started,
  );
}

// setImmediate in Node; a macrotask elsewhere (browsers have no setImmediate)
const pause = () =>
  new Promise<void>((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * Simulates an ensemble of paths of an SDE and returns the observers' results. Path i's noise is a
 * function of (seed, i, step) only, so results are bit-identical for any `batchSize`, any number of
 * `workers` and any shard split (merged with `result.merge`), and a run of `paths: 1, firstPath: i`
 * reproduces path i. With `workers: n`, `problem` must be a {@link ProblemRef} (functions cannot be
 * sent to threads) and observers given in `options` must be built-ins without functions; observers
 * with functions come from the factory.
 * @example
 * const ou = sdeProblem({ dim: 1, noise: "additive", diffusion: 1, x0: [0],
 *   drift: (t, x, out, n) => { for (let k = 0; k < n; k++) out[k] = -x[k]; } });
 * const r = await solve(ou, { scheme: eulerMaruyama, dt: 0.01, t1: 5, paths: 10_000, seed: 42,
 *   observers: { m: moments() } });
 * r.observers.m.variance[0][0]; // ≈ 0.5
 */
export function solve<O extends Record<string, Observer> = Record<string, Observer>>(
  problem: SdeProblem,
  options: SolveOptions & { observers?: O },
): Promise<SolveResult<ObserverResults<O>>>;
/** With a ProblemRef the factory may add observers, so results are untyped. */
export function solve(problem: ProblemRef | SdeProblem, options: SolveOptions): Promise<SolveResult>;
export async function solve(problem: SdeProblem | ProblemRef, options: SolveOptions): Promise<SolveResult> {
  const started = performance.now();
  throwIfAborted(options.signal);
  let p: Prepared;
  let ref: ProblemRef | undefined;
  let refScheme: Scheme | undefined;
  if (isRef(problem)) {
    ref = problem;
    const loaded = await loadProblemRef(problem);
    refScheme = loaded.scheme;
    p = prepare(loaded.problem, options, loaded.observers, loaded.scheme);
  } else {
    p = prepare(problem, options, {});
  }
  const { names, bound, trees, kinds } = bindAll(p);
  const total = p.range[1] - p.range[0];
  const workers = options.workers ?? 0;
  if (!(workers instanceof WorkerPool)) assertInteger(workers, "workers", 0);
  else if (workers.closed) throw new InvalidArgumentError("workers", "the worker pool is closed");
  if (workers instanceof WorkerPool || workers > 0) {
    if (!ref)
      throw new InvalidArgumentError(
        "problem",
        "worker threads cannot receive functions: pass a ProblemRef { module, export, args } instead of an SdeProblem",
      );
    await runWorkers(ref, refScheme, options, p, names, bound, trees, workers, total);
  } else {
    const gen = runRange(
      p.cfg,
      names.map((n) => bound[n]),
      names.map((n) => trees[n]),
      p.range[0],
      p.range[1],
    );
    let last = performance.now();
    for (let r = gen.next(); !r.done; r = gen.next()) {
      const now = performance.now();
      if (now - last > 25) {
        options.onProgress?.(total > 0 ? r.value / total : 1, { pathsDone: r.value, paths: total });
        await pause();
        throwIfAborted(options.signal);
        last = performance.now();
      }
    }
    options.onProgress?.(1, { pathsDone: total, paths: total });
  }
  return new SolveResult(meta(p), kinds, bound, trees, [p.range], performance.now() - started);
}

/** Message a worker receives in `workerData`. */
export interface WorkerTask {
  ref: { module: string; export: string; args?: unknown };
  scheme?: SchemeSpec;
  observers: Record<string, ObserverSpec>;
  options: {
    dt: number;
    t1: number;
    t0: number;
    paths: number;
    firstPath: number;
    seed: SeedLike;
    batchSize: number;
    blockSize: number;
    checkFinite: boolean;
  };
  range: [number, number];
}

function reviveError(e: {
  name: string;
  message: string;
  context?: Record<string, unknown>;
  argument?: string;
  point?: number[];
  pivot?: number;
}): Error {
  switch (e.name) {
    case "DivergenceError":
      return new DivergenceError(e.message, e.context ?? {});
    case "NonFiniteError":
      return new NonFiniteError(e.message, e.context ?? {});
    case "NotPositiveDefiniteError":
      return new NotPositiveDefiniteError(e.message, e.point, e.pivot);
    case "InvalidArgumentError":
    case "ShapeMismatchError": {
      const err = new InvalidArgumentError(e.argument ?? "argument", "");
      err.message = e.message;
      return err;
    }
    default: {
      const err = new Error(e.message);
      err.name = e.name;
      return err;
    }
  }
}

const PARTS_PER_WORKER = 4;

// `workers: n` borrows a process-wide pool of n threads, made on first use and kept (as joblib
// keeps its executor between calls): a thread costs ~0.1 s of CPU to start and load the packages,
// which a second solve then does not pay again. Idle pooled threads are unref'd, so they never keep
// the process alive.
const sharedPools = new Map<number, WorkerPool>();
function sharedPool(n: number): WorkerPool {
  let pool = sharedPools.get(n);
  if (pool === undefined || pool.closed) {
    pool = new WorkerPool(n);
    sharedPools.set(n, pool);
  }
  return pool;
}

async function runWorkers(
  ref: ProblemRef,
  refScheme: Scheme | undefined,
  options: SolveOptions,
  p: Prepared,
  names: string[],
  bound: Record<string, BoundObserver>,
  trees: Record<string, ReductionTree<unknown>>,
  workers: number | WorkerPool,
  total: number,
): Promise<void> {
  const moduleHref = await moduleUrl(ref.module);
  const specs: Record<string, ObserverSpec> = {};
  for (const [name, o] of Object.entries(options.observers ?? {})) {
    if (!o.spec)
      throw new InvalidArgumentError(
        `observers.${name}`,
        `a ${o.kind} observer holds functions and cannot be sent to workers; return it from the problem factory instead`,
      );
    specs[name] = o.spec;
  }
  let schemeSpec: SchemeSpec | undefined;
  if (options.scheme) {
    if (!options.scheme.spec)
      throw new InvalidArgumentError(
        "scheme",
        `${options.scheme.name} has no spec; return custom schemes from the problem factory`,
      );
    schemeSpec = options.scheme.spec;
  } else if (!refScheme) throw new InvalidArgumentError("scheme", "is required");
  const pool = workers instanceof WorkerPool ? workers : sharedPool(workers);
  // Four parts per worker, handed out as workers free up: a thread slowed by other load (a shared
  // machine, the main thread's own work) ends at most one small part behind instead of holding the
  // whole solve up. Parts are whole blocks, so the reduction tree, and the results, are unchanged.
  const blocks = Math.ceil(p.range[1] / p.cfg.blockSize) - Math.floor(p.range[0] / p.cfg.blockSize);
  const nParts = Math.max(1, Math.min(blocks, PARTS_PER_WORKER * pool.size));
  const parts = splitRange(p.range, p.cfg.blockSize, nParts).filter((r) => r[1] > r[0]);
  const done = new Array(parts.length).fill(0);
  let last = 0;
  const report = () => {
    const now = performance.now();
    if (now - last < 25) return;
    last = now;
    const s = done.reduce((a, b) => a + b, 0);
    options.onProgress?.(total > 0 ? s / total : 1, { pathsDone: s, paths: total });
  };
  const jobs = parts.map((range, w) => {
    const task: WorkerTask = {
      ref: { module: moduleHref, export: ref.export, args: ref.args },
      scheme: schemeSpec,
      observers: specs,
      options: {
        dt: p.ctx.dt,
        t1: p.ctx.t1,
        t0: p.ctx.t0,
        paths: p.ctx.paths,
        firstPath: p.ctx.firstPath,
        seed: p.cfg.seed,
        batchSize: p.cfg.batchSize,
        blockSize: p.cfg.blockSize,
        checkFinite: p.cfg.checkFinite,
      },
      range,
    };
    return pool.run(task, (n) => {
      done[w] = n;
      report();
    });
  });
  // an abort terminates the threads running this solve's parts (the pool replaces them when needed)
  const cancelAll = () => {
    for (const j of jobs) j.cancel();
  };
  options.signal?.addEventListener("abort", cancelAll, { once: true });
  if (options.signal?.aborted) cancelAll();
  try {
    const results = (await Promise.all(
      jobs.map((j) =>
        j.result.catch((e: unknown) => {
          throw e instanceof Error ? e : reviveError(e as never);
        }),
      ),
    )) as Record<string, { level: number; index: number; state: unknown }[]>[];
    throwIfAborted(options.signal);
    for (const nodes of results)
      for (const name of names)
        for (const n of nodes[name]) trees[name].insert(n.level, n.index, bound[name].fromJSON(n.state));
    options.onProgress?.(1, { pathsDone: total, paths: total });
  } catch (e) {
    // a failed part (divergence, ...) stops the others too: nothing useful is left for them to do
    cancelAll();
    if (options.signal?.aborted) throw new AbortError();
    throw e;
  } finally {
    options.signal?.removeEventListener("abort", cancelAll);
  }
}
