import { InvalidArgumentError, jsonNumber, jsonObject } from "@langevin/core/base";

/** What an observer knows about the run it is bound to. */
export interface ObserverContext {
  /** State dimension. */
  readonly dim: number;
  /** Start time. */
  readonly t0: number;
  /** End time. */
  readonly t1: number;
  /** Time step. */
  readonly dt: number;
  /** Number of steps; step k ends at t0 + k·dt. */
  readonly steps: number;
  /** First global path index of the whole run (before any split over workers or shards). */
  readonly firstPath: number;
  /** Number of paths of the whole run. */
  readonly paths: number;
}

/**
 * A serialisable description of an observer, so worker threads can rebuild it: a built-in or
 * registered `kind`, or a `module` (URL or absolute path) whose export `export` (default `kind`)
 * is the Observer or a factory called with `options`.
 */
export interface ObserverSpec {
  /** The built-in observer's name (its registry key). */
  readonly kind: string;
  /** The options it was created with (structured-cloneable). */
  readonly options: Record<string, unknown>;
  /** Module to import (e.g. `import.meta.url` of the module defining the observer). */
  readonly module?: string;
  /** Export of `module` to use (default: `kind`). */
  readonly export?: string;
}

/**
 * An observer bound to a run. It accumulates into per-block states `B` (a block is a fixed range of
 * path indices); blocks are merged in a canonical order, so the result does not depend on batch
 * size, worker count or shard split as long as `merge` is deterministic. Within a block, the hooks
 * see the paths in increasing index order. Arrays `x`, `xPrev` are path-major (`x[k*dim + i]` for
 * path `firstPath + k` of the batch).
 */
export interface BoundObserver<B = unknown, R = unknown> {
  /** Set when `step` needs the state before the step (`xPrev`). */
  readonly needsPrevious?: boolean;
  /** Set by absorbing observers (first passage): their `step` may clear `alive[k]`; run first. */
  readonly absorbing?: boolean;
  /** A new, empty block state. */
  create(): B;
  /** The states at t0 of a new batch of n paths. */
  begin?(block: B, t: number, x: Float64Array, n: number, firstPath: number, alive: Uint8Array): void;
  /**
   * After step `k` (1..steps), at time t = t0 + k·dt. `alive[k]` is 0 for absorbed paths (their
   * state is frozen at absorption).
   */
  step?(
    block: B,
    k: number,
    t: number,
    x: Float64Array,
    xPrev: Float64Array,
    n: number,
    firstPath: number,
    alive: Uint8Array,
  ): void;
  /** After the last step of a batch (states at t1, or frozen at absorption). */
  end?(block: B, t: number, x: Float64Array, n: number, firstPath: number, alive: Uint8Array): void;
  /** left ⊕ right (left holds lower path indices); may mutate and return `left`. */
  merge(left: B, right: B): B;
  /** A structured-cloneable, JSON-safe copy of a block state. */
  toJSON(block: B): unknown;
  /**
   * Rebuilds a block state from `toJSON`'s output. States may come from a file (a shard), so
   * built-in observers check every field and throw `InvalidArgumentError` naming it under
   * `argument` (the path of the state, e.g. `"json.observers.m.nodes[0].state"`).
   */
  fromJSON(json: unknown, argument?: string): B;
  /** The user-facing result from the merged state (undefined when no path was run). */
  finalize(block: B | undefined): R;
}

/**
 * An observer: `bind(ctx)` creates the per-run accumulator logic. Implement this interface to
 * write your own (see README, "Custom observers").
 */
export interface Observer<R = unknown> {
  /** The observer's type ("moments", "histogram1d", …), kept in serialised results. */
  readonly kind: string;
  /** Present when the observer holds no functions and can be rebuilt on a worker thread. */
  readonly spec?: ObserverSpec;
  /** Binds the observer to a run (dimension, times, paths): allocates what it accumulates into. */
  bind(ctx: ObserverContext): BoundObserver<unknown, R>;
}

/** Maps requested times to step indices (nearest grid point); throws if a time is outside [t0, t1]. */
export function timesToSteps(times: ArrayLike<number>, ctx: ObserverContext, argument: string): Int32Array {
  const out = new Int32Array(times.length);
  for (let s = 0; s < times.length; s++) {
    const t = times[s];
    const k = Math.round((t - ctx.t0) / ctx.dt);
    if (
      !Number.isFinite(t) ||
      k < 0 ||
      k > ctx.steps ||
      Math.abs(ctx.t0 + k * ctx.dt - t) > 0.5 * ctx.dt + 1e-12
    )
      throw new InvalidArgumentError(argument, `time ${t} is outside [t0, t1] = [${ctx.t0}, ${ctx.t1}]`);
    if (s > 0 && k <= out[s - 1])
      throw new InvalidArgumentError(
        argument,
        `times must increase by at least dt; ${t} repeats a grid point`,
      );
    out[s] = k;
  }
  return out;
}

/** Welford accumulator of scalars (count, mean, M2), merged with Chan's formula. */
export interface ScalarMoments {
  count: number;
  mean: number;
  m2: number;
}

export function pushScalar(m: ScalarMoments, v: number): void {
  m.count++;
  const delta = v - m.mean;
  m.mean += delta / m.count;
  m.m2 += delta * (v - m.mean);
}

export function mergeScalar(a: ScalarMoments, b: ScalarMoments): ScalarMoments {
  if (b.count === 0) return a;
  if (a.count === 0) {
    a.count = b.count;
    a.mean = b.mean;
    a.m2 = b.m2;
    return a;
  }
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  a.mean += (delta * b.count) / n;
  a.m2 += b.m2 + (delta * delta * a.count * b.count) / n;
  a.count = n;
  return a;
}

/**
 * A {@link ScalarMoments} read from JSON, every field checked: an integer `count` ≥ 0 (`maxCount`
 * at most), a numeric `mean` and `m2` ≥ 0 (a sum of squares); NaN/±Infinity in memory pass (a run
 * with checkFinite: false), JSON's null does not.
 * @example
 * const m = scalarMomentsFromJSON({ count: 2, mean: 1, m2: 0.5 }, "json.m");
 */
export function scalarMomentsFromJSON(json: unknown, argument: string, maxCount?: number): ScalarMoments {
  const o = jsonObject(json, argument);
  const count = jsonNumber(o.count, `${argument}.count`, { integer: true, min: 0 });
  if (maxCount !== undefined && count > maxCount)
    throw new InvalidArgumentError(
      `${argument}.count`,
      `is ${count}, more than the ${maxCount} paths observed`,
    );
  return {
    count,
    mean: jsonNumber(o.mean, `${argument}.mean`, { finite: false }),
    m2: nonNegative(jsonNumber(o.m2, `${argument}.m2`, { finite: false }), `${argument}.m2`),
  };
}

function nonNegative(v: number, argument: string): number {
  if (v < 0) throw new InvalidArgumentError(argument, `a sum of squares must be >= 0, got ${v}`);
  return v;
}
