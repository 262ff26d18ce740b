import { InvalidArgumentError, jsonObject } from "@langevin/core/base";
import type { Observer, ObserverContext, ScalarMoments } from "./types.js";
import { mergeScalar, pushScalar, scalarMomentsFromJSON } from "./types.js";

/** Result of {@link timeAverage}: statistics over paths of each path's time average. */
export interface TimeAverageResult {
  /** Mean over paths of (1/(t1 − burnIn)) Σ fn(...). */
  mean: number;
  /** Standard error of the mean over paths. */
  standardError: number;
  /** Sample standard deviation over paths. */
  std: number;
  /** Paths averaged over. */
  count: number;
}

interface Block {
  m: ScalarMoments;
}

/**
 * A running time average per path of an increment function, Σ_k fn(t_k, x, dx, dt) / (t1 − burnIn),
 * over steps starting at t_k ≥ burnIn, where dx = x_{k+1} − x_k and x = x_k (Itô, default) or
 * (x_k + x_{k+1})/2 (`midpoint: true`, Stratonovich). Then mean and standard error over paths.
 * For the time average of a function g(x), return `g(x) * dt`; for the angular momentum
 * (1/T)∫ x₁dx₂ − x₂dx₁ return `x[0] * dx[1] - x[1] * dx[0]`. Absorbed paths stop accumulating.
 * @example
 * const L = timeAverage((t, x, dx) => x[0] * dx[1] - x[1] * dx[0], { burnIn: 10 });
 */
export function timeAverage(
  fn: (t: number, x: Float64Array, dx: Float64Array, dt: number) => number,
  options: { burnIn?: number; midpoint?: boolean } = {},
): Observer<TimeAverageResult> {
  if (typeof fn !== "function")
    throw new InvalidArgumentError("fn", "must be a function (t, x, dx, dt) => number");
  return {
    kind: "timeAverage",
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      const burnIn = options.burnIn ?? ctx.t0;
      if (!(burnIn >= ctx.t0 && burnIn < ctx.t1))
        throw new InvalidArgumentError(
          "burnIn",
          `must lie in [t0, t1) = [${ctx.t0}, ${ctx.t1}), got ${burnIn}`,
        );
      // step k covers [t0 + (k-1)dt, t0 + k dt]; counted when its start is >= burnIn
      const from = Math.ceil((burnIn - ctx.t0) / ctx.dt - 1e-9) + 1;
      const span = ctx.t1 - (ctx.t0 + (from - 1) * ctx.dt);
      const xs = new Float64Array(d);
      const dxs = new Float64Array(d);
      const mid = options.midpoint === true;
      let acc = new Float64Array(0);
      return {
        needsPrevious: true,
        create: (): Block => ({ m: { count: 0, mean: 0, m2: 0 } }),
        begin(_b: Block, _t, _x, n) {
          if (acc.length < n) acc = new Float64Array(n);
          acc.fill(0, 0, n);
        },
        step(_b: Block, k, t, x, xp, n, _f, alive) {
          if (k < from) return;
          const ts = t - ctx.dt;
          for (let p = 0; p < n; p++) {
            if (alive[p] === 0) continue;
            const o = p * d;
            for (let i = 0; i < d; i++) {
              dxs[i] = x[o + i] - xp[o + i];
              xs[i] = mid ? 0.5 * (x[o + i] + xp[o + i]) : xp[o + i];
            }
            acc[p] += fn(ts, xs, dxs, ctx.dt);
          }
        },
        end(b: Block, _t, _x, n) {
          for (let p = 0; p < n; p++) pushScalar(b.m, acc[p] / span);
        },
        merge: (a: Block, b: Block) => {
          mergeScalar(a.m, b.m);
          return a;
        },
        toJSON: (b: Block) => ({ m: { ...b.m } }),
        fromJSON: (j: unknown, argument = "json"): Block => ({
          m: scalarMomentsFromJSON(jsonObject(j, argument).m, `${argument}.m`),
        }),
        finalize(b: Block | undefined): TimeAverageResult {
          const c = b ? b.m.count : 0;
          const v = c > 1 ? b!.m.m2 / (c - 1) : Number.NaN;
          return {
            mean: c > 0 ? b!.m.mean : Number.NaN,
            std: Math.sqrt(v),
            standardError: Math.sqrt(v / c),
            count: c,
          };
        },
      };
    },
  } as Observer<TimeAverageResult>;
}
