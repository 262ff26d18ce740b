import { assertInteger, InvalidArgumentError, type SeedLike, throwIfAborted } from "@langevin/core/base";
import { runRange } from "./engine.js";
import type { Observer, ObserverSpec } from "./observers/types.js";
import { WorkerPool } from "./pool.js";
import { type BoundRun, bindAll, meta, type Prepared, prepare } from "./prepare.js";
import type { SdeProblem } from "./problem.js";
import { isRef, loadProblemRef } from "./problem-ref.js";
import { type ObserverResults, SolveResult } from "./result.js";
import { runWorkers } from "./run-workers.js";
import type { Scheme, SchemeSpec } from "./schemes/types.js";

export { loadProblemRef } from "./problem-ref.js";
export { splitRange } from "./split-range.js";

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

/** Runs `p`'s range of paths on this thread: runRange's generator over the bound observers. */
function runHere(p: Prepared, { names, bound, trees }: BoundRun) {
  return runRange(
    p.cfg,
    names.map((n) => bound[n]),
    names.map((n) => trees[n]),
    p.range[0],
    p.range[1],
  );
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
  const run = bindAll(p.observers, p.ctx);
  const { bound, trees, kinds } = run;
  const gen = runHere(p, run);
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
  const run = bindAll(p.observers, p.ctx);
  const { names, bound, trees, kinds } = run;
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
    const gen = runHere(p, run);
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
