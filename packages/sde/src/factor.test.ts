import { NotPositiveDefiniteError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { factorSemiDefinite } from "./factor.js";

function llt(L: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += L[i * n + k] * L[j * n + k];
  return out;
}

describe("factorSemiDefinite", () => {
  it("factors positive-definite and rank-deficient matrices (L Lᵀ = A to round-off)", () => {
    const spd = Float64Array.of(4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2);
    const L = factorSemiDefinite(spd, 0, 3, new Float64Array(9), 0);
    expect(llt(L, 3)).toBeAllclose(spd, { atol: 1e-14 }); // entries O(1): a few ulps
    // rank 1: v vᵀ with v = (1, 2, −1), as SGD's D(x) with one example
    const v = [1, 2, -1];
    const r1 = Float64Array.from({ length: 9 }, (_, k) => v[Math.floor(k / 3)] * v[k % 3]);
    const L1 = factorSemiDefinite(r1, 0, 3, new Float64Array(9), 0);
    expect(llt(L1, 3)).toBeAllclose(r1, { atol: 1e-14 });
  });

  it("throws NotPositiveDefiniteError with the point and the pivot for an indefinite matrix", () => {
    const bad = Float64Array.of(1, 2, 2, 1);
    try {
      factorSemiDefinite(bad, 0, 2, new Float64Array(4), 0, [0.25, -1]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NotPositiveDefiniteError);
      expect((e as NotPositiveDefiniteError).pivot).toBe(1);
      expect(Array.from((e as NotPositiveDefiniteError).point ?? [])).toEqual([0.25, -1]);
    }
  });
});
