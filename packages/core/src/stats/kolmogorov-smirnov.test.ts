import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { kolmogorovQ, ksPValue, ksStatistic } from "./kolmogorov-smirnov.js";

describe("ksStatistic", () => {
  it("equals hand-computed D for a tiny sample against U(0,1)", () => {
    // samples 0.1, 0.4, 0.7: gaps at the jumps are 0.1, 1/3-0.1, 0.4-1/3, 2/3-0.4, 0.7-2/3, 1-0.7
    const d = ksStatistic([0.7, 0.1, 0.4], (x) => x);
    expect(d).toBeAllclose(0.3, { rtol: 1e-15 });
  });

  it("detects a shifted distribution and accepts the right one", () => {
    const n = 20000;
    const u = createRng(9).fillUniform(new Float64Array(n));
    const good = ksStatistic(u, (x) => x);
    const bad = ksStatistic(u, (x) => Math.min(1, Math.max(0, x - 0.05)));
    // 99.9% critical value of D is ~1.95/√n; a 0.05 shift gives D ≈ 0.05 ≫ that
    expect(good).toBeLessThan(1.95 / Math.sqrt(n));
    expect(bad).toBeGreaterThan(0.049);
    expect(() => ksStatistic([], (x) => x)).toThrow(InvalidArgumentError);
  });
});

describe("ksPValue / Kolmogorov distribution", () => {
  it("Q(t) matches scipy.special.kolmogorov on both series", () => {
    const ref: [number, number][] = [
      [0.3, 0.9999906941986655],
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1, 0.26999967167735456],
      [1.2247, 0.09958372829773612],
      [1.3581, 0.0499996304316674],
      [1.628, 0.009975522431181053],
      [1.949, 0.0010037073145687607],
      [2.5, 0.000007453306344157342],
    ];
    // both series are summed to 1e-17 relative; what remains is rounding in exp and 1 − s
    for (const [t, q] of ref) expect(kolmogorovQ(t)).toBeAllclose(q, { rtol: 1e-12, atol: 1e-15 });
  });

  it("ksPValue: asymptotic for large n, Stephens-corrected for small n", () => {
    // n = 1e8: Stephens' shift changes t by 0.000012 relative, p by ~2t²·0.000012 ≈ 1e-4 relative
    expect(ksPValue(1.3581 / 1e4, 1e8)).toBeAllclose(0.0499996304316674, { rtol: 1e-3 });
    // exact finite-n values (scipy.stats.kstwo.sf); Stephens' formula is good to ~2% of p here
    expect(ksPValue(0.1, 100)).toBeAllclose(0.2526927570063874, { rtol: 0.03 });
    expect(ksPValue(0.05, 1000)).toBeAllclose(0.013012074781090332, { rtol: 0.03 });
    expect(ksPValue(0, 10)).toBe(1);
    expect(() => ksPValue(-1, 10)).toThrow(InvalidArgumentError);
  });
});

describe("ksStatistic against a comparison sort", () => {
  it("gives the same D as sorting the samples, for good and badly fitting CDFs", () => {
    const x = createRng(10).fillNormal(new Float64Array(5000));
    const naive = (cdf: (v: number) => number) => {
      const s = Float64Array.from(x).sort();
      let d = 0;
      for (let i = 0; i < s.length; i++) {
        const f = cdf(s[i]);
        d = Math.max(d, (i + 1) / s.length - f, f - i / s.length);
      }
      return d;
    };
    // a logistic CDF (close to the truth) and a step-like one that crowds all values in a few buckets
    const logistic = (v: number) => 1 / (1 + Math.exp(-1.7 * v));
    const steep = (v: number) => 1 / (1 + Math.exp(-200 * v));
    // the same arithmetic on the same values in the same order: identical
    expect(ksStatistic(x, logistic)).toBe(naive(logistic));
    expect(ksStatistic(x, steep)).toBe(naive(steep));
    expect(() => ksStatistic([1], () => 2)).toThrow(/cdf/);
  });
});
