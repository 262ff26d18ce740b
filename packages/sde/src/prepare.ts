import { assertInteger, InvalidArgumentError } from "@langevin/core/base";
import type { EngineConfig } from "./engine.js";
import type { BoundObserver, Observer, ObserverContext } from "./observers/types.js";
import type { SdeProblem } from "./problem.js";
import { ReductionTree } from "./reduction.js";
import type { RunMeta } from "./result.js";
import { checkScheme, type Scheme } from "./schemes/types.js";
import type { SolveOptions } from "./solve.js";
import { splitRange } from "./split-range.js";

/** A run's checked set-up: what the main thread, a worker and an integrator all start from. */
export interface Prepared {
  problem: SdeProblem;
  scheme: Scheme;
  observers: Record<string, Observer>;
  ctx: ObserverContext;
  cfg: EngineConfig;
  /** The global paths this process runs (the shard's, or all). */
  range: [number, number];
}

/** The number of steps of [t0, t1] at dt, checked to be a countable integer. */
export function countSteps(t0: number, t1: number, dt: number): number {
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
  return steps;
}

/** Checks the problem, scheme and options and assembles the run (observers from options first). */
export function prepare(
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
  const steps = countSteps(t0, t1, dt);
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

/** The observers bound to the run, by name, with one reduction tree each. */
export interface BoundRun {
  names: string[];
  bound: Record<string, BoundObserver>;
  trees: Record<string, ReductionTree<unknown>>;
  kinds: Record<string, string>;
}

/** Binds every observer to the run's context and gives each an empty reduction tree. */
export function bindAll(observers: Record<string, Observer>, ctx: ObserverContext): BoundRun {
  const names = Object.keys(observers);
  const bound: Record<string, BoundObserver> = {};
  const trees: Record<string, ReductionTree<unknown>> = {};
  const kinds: Record<string, string> = {};
  for (const name of names) {
    const b = observers[name].bind(ctx) as BoundObserver;
    bound[name] = b;
    kinds[name] = observers[name].kind;
    trees[name] = new ReductionTree<unknown>((l, r) => b.merge(l, r));
  }
  return { names, bound, trees, kinds };
}

/** The facts a result records so that shards can check they belong to one run. */
export function meta(p: Prepared): RunMeta {
  return { ctx: p.ctx, seed: String(p.cfg.seed), blockSize: p.cfg.blockSize, scheme: p.scheme.name };
}
