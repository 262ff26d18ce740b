import { assertInteger, InvalidArgumentError } from "@langevin/core/base";
import { batchCapacity, Engine, Lane } from "./engine.js";
import type { BoundObserver, Observer } from "./observers/types.js";
import { bindAll, meta, prepare } from "./prepare.js";
import type { SdeProblem } from "./problem.js";
import { ReductionTree } from "./reduction.js";
import { type ObserverResults, SolveResult } from "./result.js";
import type { SolveOptions } from "./solve.js";

/** Options of {@link createIntegrator}: those of `solve` that make sense on one thread. */
export type IntegratorOptions = Omit<SolveOptions, "workers" | "onProgress" | "signal">;

/**
 * An ensemble advanced step by step on the calling thread. `step(k)` runs k more steps of every
 * path; between calls `state` holds the paths' states and `result()` the observers so far. The
 * noise of path i at step k is a function of (seed, i, k) only, so any sequence of calls reaching
 * step n ends bit for bit where `solve` over the same n steps ends, with the same observer results.
 */
export interface Integrator<R = Record<string, unknown>> {
  /** Steps done so far (0 … steps). */
  readonly stepsDone: number;
  /** Steps of the whole run, (t1 − t0)/dt. */
  readonly steps: number;
  /** Current time, t0 + stepsDone·dt. */
  readonly time: number;
  /** True once every step has run (the observers' `end` hooks have then run too). */
  readonly done: boolean;
  /** Global path range [start, end) this integrator runs (the shard's, or all paths). */
  readonly range: [number, number];
  /**
   * The states now, path-major (`state[k*dim + i]` for path range[0] + k). A live view: edits
   * between calls are what the next step starts from (call `refresh()` after editing, for schemes
   * that cache values computed from the state, such as baoab's forces).
   */
  readonly state: Float64Array;
  /** 0 for paths absorbed by a first-passage observer, 1 otherwise (path-major like `state`). */
  readonly alive: Uint8Array;
  /** Advances every path by k steps (default 1; at most the steps left). Returns this. */
  step(k?: number): this;
  /** Tells the schemes that `state` was edited (re-runs their `begin`, e.g. baoab's force cache). */
  refresh(): void;
  /**
   * The observers' results so far (bit-identical to `solve`'s once `done`). Before the end,
   * observers that report at t1 (e.g. timeAverage, firstPassage) have not reported yet.
   */
  result(): SolveResult<R>;
}

/**
 * Creates an {@link Integrator}: `solve`'s run cut into calls, for drivers that need the ensemble
 * between steps (an animation, an adaptive stopping rule). Shards work as in `solve`.
 * @example
 * const it = createIntegrator(problem, { scheme: eulerMaruyama, dt: 0.01, t1: 1, paths: 100, seed: 1,
 *   observers: { m: moments() } });
 * while (!it.done) { it.step(10); draw(it.state); }
 * it.result().observers.m; // bit-identical to solve(problem, same options)
 */
export function createIntegrator<O extends Record<string, Observer> = Record<string, Observer>>(
  problem: SdeProblem,
  options: IntegratorOptions & { observers?: O },
): Integrator<ObserverResults<O>> {
  if ((options as SolveOptions).workers)
    throw new InvalidArgumentError(
      "workers",
      "an integrator runs on the calling thread; use solve for workers",
    );
  const p = prepare(problem, options as SolveOptions, {});
  const { cfg, ctx, range } = p;
  const { names, bound, trees, kinds } = bindAll(p.observers, ctx);
  const protos = names.map((n) => bound[n]);
  const d = ctx.dim;
  const total = range[1] - range[0];
  const B = batchCapacity(cfg, total);
  const engine = new Engine(cfg, protos, B);
  const state = new Float64Array(total * d);
  const alive = new Uint8Array(total);
  // One lane per batch, each with its own stepper and bound observers (their per-batch scratch
  // must survive while other lanes run); the blocks and batches are those `solve` makes.
  const blocks: { index: number; states: unknown[]; lanes: Lane[] }[] = [];
  const { blockSize } = cfg;
  for (let block = Math.floor(range[0] / blockSize); block * blockSize < range[1]; block++) {
    const bStart = Math.max(range[0], block * blockSize);
    const bEnd = Math.min(range[1], (block + 1) * blockSize);
    const states = protos.map((o) => o.create());
    const lanes: Lane[] = [];
    for (let first = bStart; first < bEnd; first += B) {
      const n = Math.min(B, bEnd - first);
      const o = first - range[0];
      const observers =
        lanes.length === 0 && blocks.length === 0 ? protos : bindEach(p.observers, names, ctx);
      const kit = engine.kit(observers, n, state.subarray(o * d, (o + n) * d));
      kit.alive = alive.subarray(o, o + n);
      const lane = new Lane(engine, kit, first, n, states);
      lane.start();
      lanes.push(lane);
    }
    blocks.push({ index: block, states, lanes });
  }
  let stepsDone = 0;
  const started = performance.now();
  let finalResult: SolveResult<ObserverResults<O>> | undefined;
  const it: Integrator<ObserverResults<O>> = {
    get stepsDone() {
      return stepsDone;
    },
    steps: cfg.steps,
    get time() {
      return cfg.t0 + stepsDone * cfg.dt;
    },
    get done() {
      return stepsDone === cfg.steps;
    },
    range,
    state,
    alive,
    step(k = 1) {
      assertInteger(k, "k", 0);
      const to = Math.min(cfg.steps, stepsDone + k);
      if (to === stepsDone) return it;
      for (const b of blocks) for (const lane of b.lanes) lane.advance(to);
      stepsDone = to;
      if (to === cfg.steps) {
        for (const b of blocks) {
          for (const lane of b.lanes) lane.end();
          for (let i = 0; i < names.length; i++) trees[names[i]].insert(0, b.index, b.states[i]);
        }
        engine.close();
      }
      return it;
    },
    refresh() {
      if (stepsDone === cfg.steps) return;
      for (const b of blocks)
        for (const lane of b.lanes) {
          if (lane.stopped) continue;
          if (lane.nw < lane.n)
            throw new InvalidArgumentError(
              "refresh",
              "paths were absorbed and compacted; edit before absorption",
            );
          lane.kit.stepper.begin?.(cfg.t0 + stepsDone * cfg.dt, lane.kit.x, lane.n);
        }
    },
    result() {
      const elapsed = performance.now() - started;
      if (stepsDone === cfg.steps) {
        finalResult ??= new SolveResult(meta(p), kinds, bound, trees, [range], elapsed);
        return finalResult;
      }
      // a snapshot: copies of the block states so far, reduced as `solve` reduces them
      const snap: Record<string, ReductionTree<unknown>> = {};
      for (let i = 0; i < names.length; i++) {
        const b = bound[names[i]];
        const t = new ReductionTree<unknown>((l, r) => b.merge(l, r));
        for (const blk of blocks) t.insert(0, blk.index, b.fromJSON(b.toJSON(blk.states[i])));
        snap[names[i]] = t;
      }
      return new SolveResult(meta(p), kinds, bound, snap, [range], elapsed);
    },
  };
  return it;
}

function bindEach(
  observers: Record<string, Observer>,
  names: string[],
  ctx: Parameters<Observer["bind"]>[0],
): BoundObserver[] {
  return names.map((n) => observers[n].bind(ctx) as BoundObserver);
}
