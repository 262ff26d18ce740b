import {
  AbortError,
  DivergenceError,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  throwIfAborted,
} from "@langevin/core/base";
import { moduleUrl } from "./module-ref.js";
import type { BoundObserver, ObserverSpec } from "./observers/types.js";
import { WorkerPool } from "./pool.js";
import type { Prepared } from "./prepare.js";
import type { ReductionTree } from "./reduction.js";
import type { Scheme, SchemeSpec } from "./schemes/types.js";
import type { ProblemRef, SolveOptions, WorkerTask } from "./solve.js";
import { splitRange } from "./split-range.js";

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

/** Runs a prepared solve on worker threads, merging their tree nodes into `trees`. */
export async function runWorkers(
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
        `a ${o.kind} observer has no spec, so it cannot be sent to workers: give it a spec with a module, or return it from the problem factory`,
      );
    specs[name] =
      o.spec.module === undefined ? o.spec : { ...o.spec, module: await moduleUrl(o.spec.module) };
  }
  let schemeSpec: SchemeSpec | undefined;
  if (options.scheme) {
    if (!options.scheme.spec)
      throw new InvalidArgumentError(
        "scheme",
        `${options.scheme.name} has no spec, so workers cannot rebuild it: give it a spec with a module (see README, "Extending"), or return it from the problem factory`,
      );
    const spec = options.scheme.spec;
    schemeSpec = spec.module === undefined ? spec : { ...spec, module: await moduleUrl(spec.module) };
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
