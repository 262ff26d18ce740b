import { describe, expect, it } from "vitest";
import { spearman, wilson } from "./stats.js";

describe("wilson", () => {
  it("matches the Wilson score interval computed by hand", () => {
    // scipy.stats.binomtest(45, 50).proportion_ci(method="wilson") = (0.786398, 0.956524), with z = Φ⁻¹(0.975)
    // = 1.959964; at z = 1.96 the bounds move by < 1e-5, so 1e-5 covers the z rounding.
    const [lo, hi] = wilson(45, 50, 1.96);
    expect(lo).toBeAllclose(0.786398, { atol: 1e-5 });
    expect(hi).toBeAllclose(0.956524, { atol: 1e-5 });
  });
  it("stays inside [0, 1] at 0 and n successes", () => {
    expect(wilson(0, 10)[0]).toBe(0);
    expect(wilson(10, 10)[1]).toBe(1);
  });
});

describe("spearman", () => {
  it("is 1 for any increasing relation and −1 for a decreasing one", () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeAllclose(1, { atol: 1e-15 }); // round-off only
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeAllclose(-1, { atol: 1e-15 });
  });
  it("gives ties their average rank", () => {
    // ranks of y: [0.5, 0.5, 2]; x ranks [0, 1, 2]: Pearson of the ranks = 0.8660 (√3/2).
    expect(spearman([1, 2, 3], [5, 5, 9])).toBeAllclose(Math.sqrt(3) / 2, { atol: 1e-12 });
  });
});
