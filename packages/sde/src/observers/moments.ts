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
  /** Sample covariance (dim×dim row-major, ddof = 1) per time. */
  covariance: Float64Array[];
  /** Sample variance (dim, ddof = 1) per time. */
  variance: Float64Array[];
}

interface Block {
  count: Float64Array; // per time
  mean: Float64Array; // per time × d
  m2: Float64Array; // per time × d × d
}

/**
 * Running mean and covariance over paths (Welford within a block of paths, Chan's formula between
 * blocks), at t1 or at the given times (snapped to the step grid). Absorbed paths contribute their
 * frozen state.
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
      const delta = new Float64Array(d);
      const push = (b: Block, s: number, x: Float64Array, off: number) => {
        const c = ++b.count[s];
        const mo = s * d;
        for (let i = 0; i < d; i++) {
          delta[i] = x[off + i] - b.mean[mo + i];
          b.mean[mo + i] += delta[i] / c;
        }
        const qo = s * dd;
        for (let i = 0; i < d; i++) {
          const di = delta[i];
          for (let j = 0; j < d; j++) b.m2[qo + i * d + j] += di * (x[off + j] - b.mean[mo + j]);
        }
      };
      const pushAll = (b: Block, k: number, x: Float64Array, n: number) => {
        for (let s = 0; s < nt; s++) {
          if (steps[s] !== k) continue;
          for (let p = 0; p < n; p++) push(b, s, x, p * d);
        }
      };
      return {
        create: (): Block => ({
          count: new Float64Array(nt),
          mean: new Float64Array(nt * d),
          m2: new Float64Array(nt * dd),
        }),
        begin: (b: Block, _t, x, n) => pushAll(b, 0, x, n),
        step: (b: Block, k, _t, x, _xp, n) => pushAll(b, k, x, n),
        merge(a: Block, b: Block) {
          for (let s = 0; s < nt; s++) {
            const na = a.count[s];
            const nb = b.count[s];
            if (nb === 0) continue;
            const mo = s * d;
            const qo = s * dd;
            if (na === 0) {
              a.count[s] = nb;
              for (let i = 0; i < d; i++) a.mean[mo + i] = b.mean[mo + i];
              for (let i = 0; i < dd; i++) a.m2[qo + i] = b.m2[qo + i];
              continue;
            }
            const n = na + nb;
            for (let i = 0; i < d; i++) delta[i] = b.mean[mo + i] - a.mean[mo + i];
            for (let i = 0; i < d; i++)
              for (let j = 0; j < d; j++)
                a.m2[qo + i * d + j] += b.m2[qo + i * d + j] + (delta[i] * delta[j] * na * nb) / n;
            for (let i = 0; i < d; i++) a.mean[mo + i] += (delta[i] * nb) / n;
            a.count[s] = n;
          }
          return a;
        },
        toJSON: (b: Block) => ({
          count: Array.from(b.count),
          mean: Array.from(b.mean),
          m2: Array.from(b.m2),
        }),
        fromJSON: (j: unknown): Block => {
          const o = j as { count: number[]; mean: number[]; m2: number[] };
          return {
            count: Float64Array.from(o.count),
            mean: Float64Array.from(o.mean),
            m2: Float64Array.from(o.m2),
          };
        },
        finalize(b: Block | undefined): MomentsResult {
          const times = Float64Array.from(steps, (k) => ctx.t0 + k * ctx.dt);
          const r: MomentsResult = { times, count: [], mean: [], covariance: [], variance: [] };
          for (let s = 0; s < nt; s++) {
            const c = b ? b.count[s] : 0;
            r.count.push(c);
            r.mean.push(b ? b.mean.slice(s * d, (s + 1) * d) : new Float64Array(d).fill(Number.NaN));
            const cov = new Float64Array(dd);
            for (let i = 0; i < dd; i++) cov[i] = b && c > 1 ? b.m2[s * dd + i] / (c - 1) : Number.NaN;
            r.covariance.push(cov);
            r.variance.push(Float64Array.from({ length: d }, (_, i) => cov[i * d + i]));
          }
          return r;
        },
      };
    },
  } as Observer<MomentsResult>;
}
