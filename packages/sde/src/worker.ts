import { parentPort } from "node:worker_threads";
import { runRange } from "./engine.js";
import { resolveObserver } from "./observers/registry.js";
import type { Observer } from "./observers/types.js";
import { bindAll, prepare } from "./prepare.js";
import { loadProblemRef } from "./problem-ref.js";
import { resolveScheme } from "./schemes/registry.js";
import type { WorkerTask } from "./solve.js";

// Worker thread of a `WorkerPool` (and of `solve(..., { workers: n })`, which uses a pool for one
// solve): for each task message `{ id, task }` it rebuilds the problem from its module (the module
// itself is imported once per thread and cached; the factory is called afresh for every task, as
// before), runs its contiguous range of path blocks, and posts the observers' tree nodes back as
// JSON-safe objects. The thread then waits for the next task.
const port = parentPort!;

async function runTask(id: number, task: WorkerTask): Promise<void> {
  try {
    const loaded = await loadProblemRef(task.ref);
    // schemes and observers come back from their specs: built-in or registered names, or modules
    // this thread imports (so a scheme written outside the package runs here as on the main thread)
    const scheme = task.scheme ? await resolveScheme(task.scheme) : loaded.scheme;
    const observers: Record<string, Observer> = {};
    for (const [name, spec] of Object.entries(task.observers)) observers[name] = await resolveObserver(spec);
    // the same set-up as the main thread's (the range is the task's part, not a shard split)
    const p = prepare(loaded.problem, { ...task.options, scheme, observers }, loaded.observers);
    const { names, bound: byName, trees: treesByName } = bindAll(p.observers, p.ctx);
    const bound = names.map((n) => byName[n]);
    const trees = names.map((n) => treesByName[n]);
    const gen = runRange(p.cfg, bound, trees, task.range[0], task.range[1]);
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
