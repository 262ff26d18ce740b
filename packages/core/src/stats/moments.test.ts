import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { covariance, mean, variance } from "./moments.js";

describe("mean / variance / covariance", () => {
  it("agree with the two-pass formulas on small exact data", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // exact rationals: 5/3 and 5/4, up to one rounding
    expect(variance([1, 2, 3, 4])).toBeAllclose(5 / 3, { rtol: 1e-15 });
    expect(variance([1, 2, 3, 4], 0)).toBeAllclose(1.25, { rtol: 1e-15 });
  });

  it("stay accurate with a large common offset (where the naive Σx² − n x̄² fails)", () => {
    // 1e9 + {4, 7, 13, 16}: variance 30 exactly. The naive formula loses ~all digits here
    // (x² ~ 1e18, eps·1e18 ~ 200). Welford keeps the error at eps·offset·|d| ≈ 1e-6 relative.
    const x = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(variance(x)).toBeAllclose(30, { rtol: 1e-6 });
    expect(mean(x)).toBe(1e9 + 10);
  });

  it("covariance of correlated rows matches a two-pass computation", () => {
    const rng = createRng(5);
    const n = 1000;
    const d = 3;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = rng.normal();
      const b = rng.normal();
      x[i * d] = 100 + a;
      x[i * d + 1] = 2 * a + b;
      x[i * d + 2] = -b;
    }
    const m = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) m[j] += x[i * d + j] / n;
    const ref = new Float64Array(d * d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          ref[j * d + k] += ((x[i * d + j] - m[j]) * (x[i * d + k] - m[k])) / (n - 1);
    // both one- and two-pass are backward stable; differences are round-off, ~n·eps relative
    expect(covariance(x, n, d)).toBeAllclose(ref, { rtol: 1e-12, atol: 1e-14 });
    // the example from the JSDoc
    expect(covariance(new Float64Array([0, 0, 1, 2, 2, 4]), 3, 2)).toBeAllclose([1, 2, 2, 4], {
      rtol: 1e-15,
    });
  });

  it("throws typed errors on bad input", () => {
    expect(() => mean([])).toThrow(InvalidArgumentError);
    expect(() => variance([1])).toThrow(/ddof/);
    expect(() => variance([1, 2], -1)).toThrow(InvalidArgumentError);
    expect(() => covariance(new Float64Array(5), 3, 2)).toThrow(/n\*d/);
  });
});
