import { InvalidArgumentError, jsonArray, jsonNumber, jsonObject } from "@langevin/core/base";
import type { Observer, ObserverContext, ScalarMoments } from "./types.js";
import { mergeScalar, pushScalar, scalarMomentsFromJSON } from "./types.js";

/** Result of {@link firstPassage}. */
export interface FirstPassageResult {
  /** Paths observed. */
  paths: number;
  /** Paths that exited before t1. */
  exited: number;
  /** exited / paths: the probability of exiting before t1. */
  fraction: number;
  /** Mean exit time over the exited paths (times measured from t0). */
  mean: number;
  /** Standard error of `mean` (sample standard deviation / √exited). */
  standardError: number;
  /** Exit time per path (NaN: not exited by t1), in path order; only with `keepTimes` (default true). */
  times?: Float64Array;
}

interface Block {
  paths: number;
  m: ScalarMoments;
  times: number[] | null;
}

/**
 * First passage out of a region: `exit(t, x)` (x: one path's state) returns true once the path has
 * left. Absorbing: an exited path stops (its state is frozen; other observers see it as dead for
 * time averages). The exit time is the first grid time at which `exit` holds (discrete monitoring,
 * which overestimates exit times by O(√dt)). When every path of a batch has exited and no other
 * observer needs later steps, the batch stops early.
 * @example
 * const fp = firstPassage((t, x) => x[0] > 1);
 */
export function firstPassage(
  exit: (t: number, x: Float64Array) => boolean,
  options: { keepTimes?: boolean } = {},
): Observer<FirstPassageResult> {
  if (typeof exit !== "function")
    throw new InvalidArgumentError("exit", "must be a function (t, x) => boolean");
  const keep = options.keepTimes ?? true;
  return {
    kind: "firstPassage",
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      const xs = new Float64Array(d);
      let tb = new Float64Array(0);
      const check = (t: number, x: Float64Array, n: number, alive: Uint8Array) => {
        for (let p = 0; p < n; p++) {
          if (alive[p] === 0) continue;
          for (let i = 0; i < d; i++) xs[i] = x[p * d + i];
          if (exit(t, xs)) {
            alive[p] = 0;
            tb[p] = t - ctx.t0;
          }
        }
      };
      return {
        absorbing: true,
        create: (): Block => ({ paths: 0, m: { count: 0, mean: 0, m2: 0 }, times: keep ? [] : null }),
        begin(_b: Block, t, x, n, _f, alive) {
          if (tb.length < n) tb = new Float64Array(n);
          tb.fill(Number.NaN, 0, n);
          check(t, x, n, alive);
        },
        step: (_b: Block, _k, t, x, _xp, n, _f, alive) => check(t, x, n, alive),
        end(b: Block, _t, _x, n) {
          for (let p = 0; p < n; p++) {
            b.paths++;
            if (!Number.isNaN(tb[p])) pushScalar(b.m, tb[p]);
            if (b.times) b.times.push(tb[p]);
          }
        },
        merge(a: Block, b: Block) {
          a.paths += b.paths;
          mergeScalar(a.m, b.m);
          if (a.times && b.times) a.times.push(...b.times);
          return a;
        },
        toJSON: (b: Block) => ({
          paths: b.paths,
          m: { ...b.m },
          times: b.times ? b.times.map((t) => (Number.isNaN(t) ? null : t)) : null,
        }),
        fromJSON: (j: unknown, argument = "json"): Block => {
          const o = jsonObject(j, argument);
          const paths = jsonNumber(o.paths, `${argument}.paths`, { integer: true, min: 0 });
          const m = scalarMomentsFromJSON(o.m, `${argument}.m`, paths);
          let times: number[] | null = null;
          if (o.times !== null) {
            // null: the path did not exit (JSON's NaN); otherwise an exit time in [0, t1 − t0]
            const raw = jsonArray(o.times, `${argument}.times`, paths);
            times = raw.map((t, i) =>
              t === null ? Number.NaN : jsonNumber(t, `${argument}.times[${i}]`, { min: 0 }),
            );
            const exited = times.filter((t) => !Number.isNaN(t)).length;
            if (exited !== m.count)
              throw new InvalidArgumentError(
                `${argument}.m.count`,
                `is ${m.count}, but ${exited} of the times are exit times`,
              );
          }
          return { paths, m, times };
        },
        finalize(b: Block | undefined): FirstPassageResult {
          if (!b)
            return { paths: 0, exited: 0, fraction: Number.NaN, mean: Number.NaN, standardError: Number.NaN };
          const c = b.m.count;
          const r: FirstPassageResult = {
            paths: b.paths,
            exited: c,
            fraction: b.paths > 0 ? c / b.paths : Number.NaN,
            mean: c > 0 ? b.m.mean : Number.NaN,
            standardError: c > 1 ? Math.sqrt(b.m.m2 / (c - 1) / c) : Number.NaN,
          };
          if (b.times) r.times = Float64Array.from(b.times);
          return r;
        },
      };
    },
  } as Observer<FirstPassageResult>;
}
