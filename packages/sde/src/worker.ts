import { parentPort } from "node:worker_threads";
import { runRange } from "./engine.js";
import { observerFromSpec } from "./observers/registry.js";
import type { BoundObserver, Observer, ObserverContext } from "./observers/types.js";
import { ReductionTree } from "./reduction.js";
import { schemeFromSpec } from "./schemes/registry.js";
import { loadProblemRef, type WorkerTask } from "./solve.js";

// Worker thread of a `WorkerPool` (and of `solve(..., { workers: n })`, which uses a pool for one
// solve): for each task message `{ id, task }` it rebuilds the problem from its module (the module
// itself is imported once per thread and cached; the factory is called afresh for every task, as
// before), runs its contiguous range of path blocks, and posts the observers' tree nodes back as
// JSON-safe objects. The thread then waits for the next task.
const port = parentPort!;

async function runTask(id: number, task: WorkerTask): Promise<void> {
  try {
    const loaded = await loadProblemRef(task.ref);
    const scheme = task.scheme ? schemeFromSpec(task.scheme) : loaded.scheme!;
    const observers: Record<string, Observer> = {};
    for (const [name, spec] of Object.entries(task.observers)) observers[name] = observerFromSpec(spec);
    for (const [name, o] of Object.entries(loaded.observers)) observers[name] = o;
    const o = task.options;
    const steps = Math.round((o.t1 - o.t0) / o.dt);
    const ctx: ObserverContext = {
      dim: loaded.problem.dim,
      t0: o.t0,
      t1: o.t1,
      dt: o.dt,
      steps,
      firstPath: o.firstPath,
      paths: o.paths,
    };
    const names = Object.keys(observers);
    const bound = names.map((n) => observers[n].bind(ctx) as BoundObserver);
    const trees = bound.map((b) => new ReductionTree<unknown>((l, r) => b.merge(l, r)));
    const gen = runRange(
      {
        problem: loaded.problem,
        scheme,
        seed: o.seed,
        t0: o.t0,
        dt: o.dt,
        steps,
        batchSize: o.batchSize,
        blockSize: o.blockSize,
        checkFinite: o.checkFinite,
      },
      bound,
      trees,
      task.range[0],
      task.range[1],
    );
    let last = performance.now();
    for (let r = gen.next(); !r.done; r = gen.next()) {
      const now = performance.now();
      if (now - last > 50) {
        last = now;
        port.postMessage({ id, type: "progress", done: r.value });
      }
    }
    const nodes: Record<string, { level: number; index: number; state: unknown }[]> = {};
    names.forEach((name, i) => {
      nodes[name] = trees[i]
        .list()
        .map((n) => ({ level: n.level, index: n.index, state: bound[i].toJSON(n.state) }));
    });
    port.postMessage({ id, type: "done", nodes });
  } catch (e) {
    const err = e as Error & Record<string, unknown>;
    port.postMessage({
      id,
      type: "error",
      error: {
        name: err?.name ?? "Error",
        message: err?.message ?? String(e),
        context: err?.context,
        argument: err?.argument,
        point: err?.point ? Array.from(err.point as ArrayLike<number>) : undefined,
        pivot: err?.pivot,
      },
    });
  }
}

// Tasks arrive one at a time (the pool sends a worker its next task only after the previous answer).
port.on("message", (m: { id: number; task: WorkerTask }) => {
  void runTask(m.id, m.task);
});
