import {
  InvalidArgumentError,
  type JsonNumberCheck,
  jsonArray,
  jsonNumber,
  jsonNumbers,
  jsonObject,
  jsonString,
} from "@langevin/core/base";
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
  /** Dimension, times and path range of the whole run. */
  ctx: ObserverContext;
  /** The seed, as a string (bigint-safe). */
  seed: string;
  /** Paths per reduction block; only results with equal blockSize merge. */
  blockSize: number;
  /** The scheme's name. */
  scheme: string;
}

/** JSON form of a {@link SolveResult} (see `toJSON`). */
export interface SolveResultJSON {
  /** Marks the file as a serialised SolveResult. */
  format: "langevin-sde-result";
  /** Format version (1). */
  version: 1;
  /** The run's facts (see {@link RunMeta}). */
  meta: RunMeta;
  /** Global path ranges [start, end) covered. */
  ranges: [number, number][];
  /** Each observer's reduction-tree nodes, by the observer's name. */
  observers: Record<
    string,
    {
      /** The observer's kind. */
      kind: string;
      /** The tree's nodes with their states (see {@link TreeNode}). */
      nodes: {
        /** Height in the tree. */
        level: number;
        /** Position within its level. */
        index: number;
        /** The observer's JSON state of the node. */
        state: unknown;
      }[];
    }
  >;
}

/** The run's facts from JSON, every field checked (see {@link SolveResult.fromJSON}). */
function metaFromJSON(json: unknown, argument: string): RunMeta {
  const m = jsonObject(json, argument);
  const c = jsonObject(m.ctx, `${argument}.ctx`);
  const num = (key: string, check: JsonNumberCheck = {}) =>
    jsonNumber(c[key], `${argument}.ctx.${key}`, check);
  const t0 = num("t0");
  const t1 = num("t1");
  if (!(t1 > t0)) throw new InvalidArgumentError(`${argument}.ctx.t1`, `must be > t0 = ${t0}, got ${t1}`);
  const dt = num("dt");
  if (!(dt > 0)) throw new InvalidArgumentError(`${argument}.ctx.dt`, `must be > 0, got ${dt}`);
  return {
    ctx: {
      dim: num("dim", { integer: true, min: 1 }),
      t0,
      t1,
      dt,
      steps: num("steps", { integer: true, min: 1 }),
      firstPath: num("firstPath", { integer: true, min: 0 }),
      paths: num("paths", { integer: true, min: 1 }),
    },
    seed: jsonString(m.seed, `${argument}.seed`),
    blockSize: jsonNumber(m.blockSize, `${argument}.blockSize`, { integer: true, min: 1 }),
    scheme: jsonString(m.scheme, `${argument}.scheme`),
  };
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
    /** The run's facts: context, seed, block size, scheme. */
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
   * Rebuilds a result from `toJSON()`, given the same observers (by name) as the run. The JSON may
   * come from a file, so every field is checked: the run's facts (`meta`), the path ranges, every
   * node's block position, that each observer's nodes cover exactly the ranges, and each state (by
   * the observer's `fromJSON`). Errors are `InvalidArgumentError`s naming the field under
   * `argument`, e.g. `"json.observers.m.nodes[0].state[0].mean[1]: must be a finite number, got null"`.
   * @example
   * const r = SolveResult.fromJSON(JSON.parse(text), { m: moments() });
   */
  static fromJSON<O extends Record<string, Observer>>(
    json: unknown,
    observers: O,
    argument = "json",
  ): SolveResult<ObserverResults<O>> {
    const o = jsonObject(json, argument);
    if (o.format !== "langevin-sde-result")
      throw new InvalidArgumentError(`${argument}.format`, "is not a langevin-sde-result");
    if (o.version !== 1)
      throw new InvalidArgumentError(`${argument}.version`, `is ${String(o.version)}, this reads version 1`);
    const meta = metaFromJSON(o.meta, `${argument}.meta`);
    const { firstPath, paths } = meta.ctx;
    const ranges = jsonArray(o.ranges, `${argument}.ranges`).map((r, i) => {
      const where = `${argument}.ranges[${i}]`;
      const [start, end] = jsonNumbers(r, where, 2, { integer: true, min: firstPath });
      if (!(start <= end && end <= firstPath + paths))
        throw new InvalidArgumentError(
          where,
          `[${start}, ${end}) is not a path range within [${firstPath}, ${firstPath + paths})`,
        );
      return [start, end] as [number, number];
    });
    let covered: [number, number][];
    try {
      covered = unionRanges(ranges);
    } catch (e) {
      if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`${argument}.ranges`, e.message);
      throw e;
    }
    const stored = jsonObject(o.observers, `${argument}.observers`);
    const bound: Record<string, BoundObserver> = {};
    const trees: Record<string, ReductionTree<unknown>> = {};
    const kinds: Record<string, string> = {};
    for (const name of Object.keys(stored)) {
      const where = `${argument}.observers.${name}`;
      const entry = jsonObject(stored[name], where);
      const kind = jsonString(entry.kind, `${where}.kind`);
      const ob = observers[name];
      if (!ob) throw new InvalidArgumentError("observers", `missing observer "${name}" present in the JSON`);
      if (ob.kind !== kind)
        throw new InvalidArgumentError("observers", `"${name}" is a ${ob.kind}, the JSON holds a ${kind}`);
      const b = ob.bind(meta.ctx) as BoundObserver;
      bound[name] = b;
      kinds[name] = ob.kind;
      const t = new ReductionTree<unknown>((l, r) => b.merge(l, r));
      const blocks: [number, number][] = [];
      jsonArray(entry.nodes, `${where}.nodes`).forEach((n, k) => {
        const at = `${where}.nodes[${k}]`;
        const node = jsonObject(n, at);
        const level = jsonNumber(node.level, `${at}.level`, { integer: true, min: 0 });
        const index = jsonNumber(node.index, `${at}.index`, { integer: true, min: 0 });
        // node (level, index) holds blocks [index·2^level, (index + 1)·2^level), clipped to the run
        const span = 2 ** level * meta.blockSize;
        const start = Math.max(index * span, firstPath);
        const end = Math.min((index + 1) * span, firstPath + paths);
        if (!(start < end))
          throw new InvalidArgumentError(
            at,
            `block range of level ${level}, index ${index} holds no path of the run`,
          );
        blocks.push([start, end]);
        try {
          t.insert(level, index, b.fromJSON(node.state, `${at}.state`));
        } catch (e) {
          if (e instanceof InvalidArgumentError && e.argument === "results")
            throw new InvalidArgumentError(at, e.message.replace(/^results: /, ""));
          throw e;
        }
      });
      const got = unionRanges(blocks);
      if (JSON.stringify(got) !== JSON.stringify(covered))
        throw new InvalidArgumentError(
          `${where}.nodes`,
          `cover paths ${JSON.stringify(got)}, but ${argument}.ranges says ${JSON.stringify(covered)}`,
        );
      trees[name] = t;
    }
    return new SolveResult<ObserverResults<O>>(meta, kinds, bound, trees, ranges);
  }
}
