import { InvalidArgumentError, jsonArray, jsonNumbers, jsonObject } from "@langevin/core/base";
import type { Observer, ObserverContext } from "./types.js";
import { timesToSteps } from "./types.js";

/** Result of {@link saveAt}: `values[(p * times.length + s) * dim + i]` for `paths[p]`. */
export interface SaveAtResult {
  /** The save times (snapped to the step grid), increasing. */
  times: Float64Array;
  /** Global path indices saved, increasing. */
  paths: number[];
  /** Values saved per path and time (the state dimension, or the function's width). */
  dim: number;
  /** The saved values, `values[(p * times.length + s) * dim + i]`. */
  values: Float64Array;
}

interface Block {
  paths: number[];
  values: Float64Array[];
}

/**
 * Saves the states of selected paths at the given times (snapped to the step grid; t0 allowed).
 * `paths`: a count n (the run's first n paths), or global path indices; default every path — memory
 * is paths × times × dim doubles, so restrict it for big ensembles.
 * @example
 * const r = await solve(problem, { scheme: eulerMaruyama, dt: 0.01, t1: 1, paths: 1000, seed: 1,
 *   observers: { traj: saveAt([0, 0.5, 1], { paths: 10 }) } });
 */
export function saveAt(times: number[], options: { paths?: number | number[] } = {}): Observer<SaveAtResult> {
  if (!Array.isArray(times) || times.length === 0)
    throw new InvalidArgumentError("saveAt.times", "must be a non-empty array of times");
  const sel = options.paths;
  if (typeof sel === "number" && !(Number.isSafeInteger(sel) && sel >= 0))
    throw new InvalidArgumentError(
      "saveAt.paths",
      `must be a count >= 0 or an array of path indices, got ${sel}`,
    );
  return {
    kind: "saveAt",
    spec: { kind: "saveAt", options: { times, paths: sel } },
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      const steps = timesToSteps(times, ctx, "saveAt.times");
      const nt = steps.length;
      const set = Array.isArray(sel) ? new Set(sel) : undefined;
      const runFirst = ctx.firstPath;
      const wanted = (path: number) => {
        if (set) return set.has(path);
        if (typeof sel === "number") return path < runFirst + sel;
        return true;
      };
      let batchRows: (Float64Array | undefined)[] = [];
      const write = (k: number, x: Float64Array, n: number) => {
        for (let s = 0; s < nt; s++) {
          if (steps[s] !== k) continue;
          for (let p = 0; p < n; p++) {
            const row = batchRows[p];
            if (row) for (let i = 0; i < d; i++) row[s * d + i] = x[p * d + i];
          }
        }
      };
      return {
        create: (): Block => ({ paths: [], values: [] }),
        begin(b: Block, _t, x, n, firstPath) {
          batchRows = [];
          for (let p = 0; p < n; p++) {
            if (wanted(firstPath + p)) {
              const row = new Float64Array(nt * d);
              b.paths.push(firstPath + p);
              b.values.push(row);
              batchRows.push(row);
            } else batchRows.push(undefined);
          }
          write(0, x, n);
        },
        step: (_b: Block, k, _t, x, _xp, n) => write(k, x, n),
        merge(a: Block, b: Block) {
          a.paths.push(...b.paths);
          a.values.push(...b.values);
          return a;
        },
        toJSON: (b: Block) => ({ paths: b.paths.slice(), values: b.values.map((v) => Array.from(v)) }),
        fromJSON: (j: unknown, argument = "json"): Block => {
          const o = jsonObject(j, argument);
          const paths = jsonNumbers(o.paths, `${argument}.paths`, undefined, { integer: true, min: 0 });
          const values = jsonArray(o.values, `${argument}.values`, paths.length).map((v, p) =>
            // states of a run with checkFinite: false may hold NaN (in memory; JSON's null is refused)
            Float64Array.from(jsonNumbers(v, `${argument}.values[${p}]`, nt * d, { finite: false })),
          );
          return { paths: paths.slice(), values };
        },
        finalize(b: Block | undefined): SaveAtResult {
          const values = new Float64Array((b ? b.paths.length : 0) * nt * d);
          if (b) for (let p = 0; p < b.values.length; p++) values.set(b.values[p], p * nt * d);
          return {
            times: Float64Array.from(steps, (k) => ctx.t0 + k * ctx.dt),
            paths: b ? b.paths.slice() : [],
            dim: d,
            values,
          };
        },
      };
    },
  } as Observer<SaveAtResult>;
}
