import { jsonArray, RunningMoments } from "@langevin/core/base";
import type { Observer, ObserverContext } from "./types.js";
import { timesToSteps } from "./types.js";

/** Result of {@link moments}: one entry per observation time. */
export interface MomentsResult {
  /** Grid times at which moments were taken. */
  times: Float64Array;
  /** Number of paths per time. */
  count: number[];
  /** Mean vector (dim) per time. */
  mean: Float64Array[];
  /** Sample covariance (dim×dim row-major, ddof = 1, exactly symmetric) per time. */
  covariance: Float64Array[];
  /** Sample variance (dim, ddof = 1) per time. */
  variance: Float64Array[];
}

/** One accumulator per observation time. */
type Block = RunningMoments[];

/**
 * Running mean and covariance over paths (Welford within a block of paths, Chan's formula between
 * blocks: `@langevin/core`'s {@link RunningMoments}, one per time), at t1 or at the given times
 * (snapped to the step grid). Absorbed paths contribute their frozen state.
 * @example
 * const r = await solve(ou, { scheme: eulerMaruyama, dt: 0.01, t1: 5, paths: 10_000, seed: 1,
 *   observers: { m: moments({ times: [1, 5] }) } });
 * r.observers.m.covariance[1]; // 2×2 covariance at t = 5
 */
export function moments(options: { times?: number[] } = {}): Observer<MomentsResult> {
  return {
    kind: "moments",
    spec: { kind: "moments", options: { ...options } },
    bind(ctx: ObserverContext) {
      const d = ctx.dim;
      const steps = options.times
        ? timesToSteps(options.times, ctx, "moments.times")
        : Int32Array.of(ctx.steps);
      const nt = steps.length;
      const dd = d * d;
      const pushAll = (b: Block, k: number, x: Float64Array, n: number) => {
        for (let s = 0; s < nt; s++) {
          if (steps[s] !== k) continue;
          const m = b[s];
          for (let p = 0; p < n; p++) m.push(x, p * d);
        }
      };
      return {
        create: (): Block => Array.from({ length: nt }, () => new RunningMoments(d)),
        begin: (b: Block, _t, x, n) => pushAll(b, 0, x, n),
        step: (b: Block, k, _t, x, _xp, n) => pushAll(b, k, x, n),
        merge(a: Block, b: Block) {
          for (let s = 0; s < nt; s++) a[s].merge(b[s]);
          return a;
        },
        toJSON: (b: Block) => b.map((m) => m.toJSON()),
        fromJSON: (j: unknown, argument = "json"): Block =>
          jsonArray(j, argument, nt).map((m, s) => RunningMoments.fromJSON(m, `${argument}[${s}]`, d)),
        finalize(b: Block | undefined): MomentsResult {
          const times = Float64Array.from(steps, (k) => ctx.t0 + k * ctx.dt);
          const r: MomentsResult = { times, count: [], mean: [], covariance: [], variance: [] };
          for (let s = 0; s < nt; s++) {
            const m = b ? b[s] : undefined;
            const c = m ? m.count : 0;
            r.count.push(c);
            r.mean.push(m ? m.mean.slice() : new Float64Array(d).fill(Number.NaN));
            const cov = m && c > 1 ? m.covariance(1) : new Float64Array(dd).fill(Number.NaN);
            // Welford's co-moment update is symmetric only up to round-off: mirror the upper triangle
            for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
            r.covariance.push(cov);
            r.variance.push(m && c > 1 ? m.variance(1) : new Float64Array(d).fill(Number.NaN));
          }
          return r;
        },
      };
    },
  } as Observer<MomentsResult>;
}
