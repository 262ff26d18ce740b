import { describe, expect, it } from "vitest";
import { sdeProblem } from "../problem.js";
import { eulerMaruyama } from "../schemes/euler-maruyama.js";
import { solveSync } from "../solve.js";
import { histogram1d } from "./histogram.js";
import { moments } from "./moments.js";
import { timeAverage } from "./time-average.js";
import type { BoundObserver, Observer } from "./types.js";

// Rotating OU: dx = A x dt + s dW, A = [[−θ, −ω], [ω, −θ]]. Stationary law N(0, s²/(2θ) I).
const theta = 1;
const omega = 0.8;
const s = 0.6;
const rotating = sdeProblem({
  dim: 2,
  noise: "additive",
  diffusion: s,
  x0: [1, 0],
  drift: (_t, x, out, n) => {
    for (let k = 0; k < n; k++) {
      const a = x[2 * k];
      const b = x[2 * k + 1];
      out[2 * k] = -theta * a - omega * b;
      out[2 * k + 1] = omega * a - theta * b;
    }
  },
});

describe("observers", () => {
  it("timeAverage of the angular momentum x₁dx₂ − x₂dx₁ reaches ω E|x|² = ω s²/θ", () => {
    // Itô: x₁dx₂ − x₂dx₁ = ω|x|² dt + martingale, and E|x|² = s²/θ in the stationary state.
    const M = 1000;
    const r = solveSync(rotating, {
      scheme: eulerMaruyama,
      dt: 0.01,
      t1: 25,
      paths: M,
      seed: 31,
      observers: {
        L: timeAverage((_t, x, dx) => x[0] * dx[1] - x[1] * dx[0], { burnIn: 5 }),
        Lmid: timeAverage((_t, x, dx) => x[0] * dx[1] - x[1] * dx[0], { burnIn: 5, midpoint: true }),
        r2: timeAverage((_t, x, _dx, dt) => (x[0] * x[0] + x[1] * x[1]) * dt, { burnIn: 5 }),
      },
    });
    const { L, Lmid, r2 } = r.observers;
    const exact = (omega * s * s) / theta;
    expect(L.count).toBe(M);
    // 4 standard errors over paths, plus 2% for EM's O(h) bias (its stationary |x|² is 1/(1 − θh/2)
    // ≈ 1.005 times the exact one at h = 0.01) and the memory of x0 in the burn-in (e^{−10}).
    expect(L.mean).toBeAllclose(exact, { atol: 4 * L.standardError + 0.02 * exact });
    expect(r2.mean).toBeAllclose((s * s) / theta, { atol: 4 * r2.standardError + (0.02 * (s * s)) / theta });
    // the antisymmetric form has no Itô–Stratonovich correction: midpoint and Itô sums agree to
    // the O(h) discretisation difference
    expect(Lmid.mean).toBeAllclose(L.mean, { rtol: 0.02 });
  });

  it("a time-averaged histogram matches the stationary Gaussian marginal", () => {
    const M = 400;
    const r = solveSync(rotating, {
      scheme: eulerMaruyama,
      dt: 0.02,
      t1: 40,
      paths: M,
      seed: 32,
      observers: { h: histogram1d({ min: -2, max: 2, bins: 8, component: 1, burnIn: 10 }) },
    });
    const h = r.observers.h;
    const v = (s * s) / (2 * theta);
    // 400 paths × 1500 correlated samples (correlation time 1/θ = 50 steps): ≈ 1.2e4 effective
    // samples, so a bin holding a fraction p ≈ 0.25 is known to ≈ sqrt(p/1.2e4)/p ≈ 2% relative;
    // tolerance 8% of the peak density plus EM's 0.5% variance bias.
    for (let i = 0; i < h.centers.length; i++) {
      const x = h.centers[i];
      const w = 0.5;
      const p = Math.exp(-(x * x) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
      // density averaged over the bin by Simpson's rule
      const pl = Math.exp(-((x - w / 2) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
      const pr = Math.exp(-((x + w / 2) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
      const bin = (pl + 4 * p + pr) / 6;
      expect(h.density[i]).toBeAllclose(bin, { atol: 0.08 * 0.665 });
    }
    expect(h.total).toBe(M * 1501);
  });

  it("accepts a user observer through the Observer interface, merged per block in path order", () => {
    // counts paths whose first component ends above 0, and remembers the order it saw them in
    const above: Observer<{ count: number; order: number[] }> = {
      kind: "above",
      bind: () =>
        ({
          create: () => ({ count: 0, order: [] as number[] }),
          end(b: { count: number; order: number[] }, _t: number, x: Float64Array, n: number, first: number) {
            for (let k = 0; k < n; k++) {
              b.order.push(first + k);
              if (x[2 * k] > 0) b.count++;
            }
          },
          merge(a: { count: number; order: number[] }, b: { count: number; order: number[] }) {
            a.count += b.count;
            a.order.push(...b.order);
            return a;
          },
          toJSON: (b: { count: number; order: number[] }) => ({ ...b, order: [...b.order] }),
          fromJSON: (j: unknown) => {
            const o = j as { count: number; order: number[] };
            return { count: o.count, order: [...o.order] };
          },
          finalize: (b: { count: number; order: number[] } | undefined) => b ?? { count: 0, order: [] },
        }) as BoundObserver<unknown, { count: number; order: number[] }>,
    };
    const r = solveSync(rotating, {
      scheme: eulerMaruyama,
      dt: 0.05,
      t1: 1,
      paths: 300,
      seed: 2,
      batchSize: 7,
      blockSize: 64,
      observers: { above, m: moments() },
    });
    expect(r.observers.above.order).toEqual(Array.from({ length: 300 }, (_, i) => i));
    // and it saw the states: some, not all, paths end with x₁ > 0 (x₁(1) ~ N(0.37, 0.16))
    expect(r.observers.above.count).toBeGreaterThan(0);
    expect(r.observers.above.count).toBeLessThan(300);
  });
});
