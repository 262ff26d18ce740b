import { InvalidArgumentError } from "@langevin/core/base";
import type { BoundObserver, Observer, ObserverContext } from "./observers/types.js";
import { ReductionTree } from "./reduction.js";

/**
 * The result type of each observer in a record of observers (`moments()` → `MomentsResult`, …);
 * observers of unknown result type map to `any`.
 */
export type ObserverResults<O> = {
  // biome-ignore lint/suspicious/noExplicitAny: an observer with an unknown result type yields any
  [K in keyof O]: O[K] extends Observer<infer R> ? (unknown extends R ? any : R) : any;
};

/** Facts that must agree for two results to merge. */
export interface RunMeta {
  ctx: ObserverContext;
  seed: string;
  blockSize: number;
  scheme: string;
}

/** JSON form of a {@link SolveResult} (see `toJSON`). */
export interface SolveResultJSON {
  format: "langevin-sde-result";
  version: 1;
  meta: RunMeta;
  ranges: [number, number][];
  observers: Record<string, { kind: string; nodes: { level: number; index: number; state: unknown }[] }>;
}

function unionRanges(ranges: [number, number][]): [number, number][] {
  const s = ranges.filter((r) => r[1] > r[0]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of s) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1])
      throw new InvalidArgumentError("results", `path ranges overlap at path ${r[0]}`);
    if (last && r[0] === last[1]) last[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * The outcome of `solve`: the observers' results, and the mergeable partial state behind them.
 * Results of shards of one run (same problem, scheme, dt, seed, observers) merge exactly:
 * `a.merge(b)` gives bit for bit what one run over both path ranges gives. `toJSON()` /
 * `SolveResult.fromJSON(json, observers)` carry a shard's state between processes or machines.
 * @example
 * const shard = await solve(problem, { ...options, shard: { index: 0, count: 2 } });
 * writeFileSync("shard0.json", JSON.stringify(shard.toJSON()));
 * // later, elsewhere: SolveResult.fromJSON(JSON.parse(text), options.observers).merge(shard1)
 */
// biome-ignore lint/suspicious/noExplicitAny: the default keeps untyped use working
export class SolveResult<R = Record<string, any>> {
  private cache: Record<string, unknown> | undefined;

  /** @internal */
  constructor(
    readonly meta: RunMeta,
    private readonly kinds: Record<string, string>,
    private readonly bound: Record<string, BoundObserver>,
    private readonly trees: Record<string, ReductionTree<unknown>>,
    ranges: [number, number][],
    /** Wall-clock time of the run in ms (0 for merged or deserialised results). */
    readonly elapsedMs = 0,
  ) {
    this.ranges = unionRanges(ranges);
  }

  /** Global path ranges [start, end) covered, merged and sorted. */
  readonly ranges: [number, number][];

  /** Number of paths covered. */
  get paths(): number {
    return this.ranges.reduce((s, r) => s + r[1] - r[0], 0);
  }

  /** True when every path of the run (all shards) is covered. */
  get complete(): boolean {
    const { firstPath, paths } = this.meta.ctx;
    return (
      this.ranges.length === 1 && this.ranges[0][0] === firstPath && this.ranges[0][1] === firstPath + paths
    );
  }

  /** Each observer's result, by the name given in `options.observers`. */
  get observers(): R {
    if (!this.cache) {
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(this.bound)) {
        const b = this.bound[name];
        const merged = this.trees[name].fold((s) => b.fromJSON(b.toJSON(s)));
        out[name] = b.finalize(merged);
      }
      this.cache = out;
    }
    return this.cache as R;
  }

  private copyTrees(): Record<string, ReductionTree<unknown>> {
    const out: Record<string, ReductionTree<unknown>> = {};
    for (const name of Object.keys(this.bound)) {
      const b = this.bound[name];
      const t = new ReductionTree<unknown>((l, r) => b.merge(l, r));
      for (const n of this.trees[name].list()) t.insert(n.level, n.index, b.fromJSON(b.toJSON(n.state)));
      out[name] = t;
    }
    return out;
  }

  /**
   * Combines with the result of another shard of the same run; exact (bit-identical to a single run).
   * @example
   * const whole = shard0.merge(shard1);
   */
  merge(other: SolveResult<unknown>): SolveResult<R> {
    const a = this.meta;
    const b = other.meta;
    const same =
      a.seed === b.seed &&
      a.blockSize === b.blockSize &&
      a.scheme === b.scheme &&
      a.ctx.dim === b.ctx.dim &&
      a.ctx.t0 === b.ctx.t0 &&
      a.ctx.dt === b.ctx.dt &&
      a.ctx.steps === b.ctx.steps &&
      a.ctx.firstPath === b.ctx.firstPath &&
      a.ctx.paths === b.ctx.paths;
    if (!same)
      throw new InvalidArgumentError(
        "other",
        "results come from different runs (seed, scheme, grid or paths differ)",
      );
    const names = Object.keys(this.bound);
    const otherNames = Object.keys(other.bound);
    if (names.length !== otherNames.length || names.some((n) => other.kinds[n] !== this.kinds[n]))
      throw new InvalidArgumentError("other", "results have different observers");
    const trees = this.copyTrees();
    for (const name of names) {
      const bo = this.bound[name];
      const ob = other.bound[name];
      for (const n of other.trees[name].list())
        trees[name].insert(n.level, n.index, bo.fromJSON(ob.toJSON(n.state)));
    }
    return new SolveResult<R>(this.meta, this.kinds, this.bound, trees, [...this.ranges, ...other.ranges]);
  }

  /** A JSON-safe description of the partial state (for shards written to disk). */
  toJSON(): SolveResultJSON {
    const observers: SolveResultJSON["observers"] = {};
    for (const name of Object.keys(this.bound)) {
      const b = this.bound[name];
      observers[name] = {
        kind: this.kinds[name],
        nodes: this.trees[name]
          .list()
          .map((n) => ({ level: n.level, index: n.index, state: b.toJSON(n.state) })),
      };
    }
    return { format: "langevin-sde-result", version: 1, meta: this.meta, ranges: this.ranges, observers };
  }

  /**
   * Rebuilds a result from `toJSON()`, given the same observers (by name) as the run.
   * @example
   * const r = SolveResult.fromJSON(JSON.parse(text), { m: moments() });
   */
  static fromJSON<O extends Record<string, Observer>>(
    json: SolveResultJSON,
    observers: O,
  ): SolveResult<ObserverResults<O>> {
    if (json?.format !== "langevin-sde-result")
      throw new InvalidArgumentError("json", "is not a langevin-sde-result");
    const bound: Record<string, BoundObserver> = {};
    const trees: Record<string, ReductionTree<unknown>> = {};
    const kinds: Record<string, string> = {};
    for (const name of Object.keys(json.observers)) {
      const o = observers[name];
      if (!o) throw new InvalidArgumentError("observers", `missing observer "${name}" present in the JSON`);
      if (o.kind !== json.observers[name].kind)
        throw new InvalidArgumentError(
          "observers",
          `"${name}" is a ${o.kind}, the JSON holds a ${json.observers[name].kind}`,
        );
      const b = o.bind(json.meta.ctx) as BoundObserver;
      bound[name] = b;
      kinds[name] = o.kind;
      const t = new ReductionTree<unknown>((l, r) => b.merge(l, r));
      for (const n of json.observers[name].nodes) t.insert(n.level, n.index, b.fromJSON(n.state));
      trees[name] = t;
    }
    return new SolveResult<ObserverResults<O>>(json.meta, kinds, bound, trees, json.ranges);
  }
}
