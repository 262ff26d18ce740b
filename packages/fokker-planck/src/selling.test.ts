import { createRng, NotPositiveDefiniteError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { sellingDecomposition } from "./selling.js";

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

describe("Selling's decomposition", () => {
  it("reconstructs D = Σ w_k e_k e_kᵀ with w_k ≥ 0 and primitive integer e_k, up to condition number 1e6", () => {
    const rng = createRng(5, 0);
    const w = new Float64Array(3);
    const e = new Int32Array(6);
    for (let t = 0; t < 2000; t++) {
      // D = R diag(1, 10^-u) Rᵀ · s with a random angle, u ∈ [0, 6], scale s ∈ [1e-3, 1e3]
      const th = Math.PI * rng.uniform();
      const lam2 = 10 ** (-6 * rng.uniform());
      const sc = 10 ** (6 * rng.uniform() - 3);
      const c = Math.cos(th);
      const s = Math.sin(th);
      const d11 = sc * (c * c + lam2 * s * s);
      const d12 = sc * (1 - lam2) * c * s;
      const d22 = sc * (s * s + lam2 * c * c);
      sellingDecomposition(d11, d12, d22, w, e);
      const r = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        expect(w[k]).toBeGreaterThanOrEqual(0);
        if (w[k] > 0) expect(gcd(e[2 * k], e[2 * k + 1])).toBe(1);
        r[0] += w[k] * e[2 * k] * e[2 * k];
        r[1] += w[k] * e[2 * k] * e[2 * k + 1];
        r[2] += w[k] * e[2 * k + 1] * e[2 * k + 1];
      }
      // round-off of the reduction: a few ulps of the largest entry times the offsets' size (≤ ~2000²)
      const tol = 1e-9 * sc;
      expect(Math.abs(r[0] - d11)).toBeLessThan(tol);
      expect(Math.abs(r[1] - d12)).toBeLessThan(tol);
      expect(Math.abs(r[2] - d22)).toBeLessThan(tol);
    }
  });

  it("a diagonal D stays on the axes; |D₁₂| ≤ min(D₁₁, D₂₂) uses the two axes and one diagonal", () => {
    const w = new Float64Array(3);
    const e = new Int32Array(6);
    sellingDecomposition(2, 0, 0.5, w, e);
    const parts = [0, 1, 2]
      .filter((k) => w[k] > 0)
      .map((k) => [w[k], Math.abs(e[2 * k]), Math.abs(e[2 * k + 1])]);
    expect(parts.sort()).toEqual([
      [0.5, 0, 1],
      [2, 1, 0],
    ]);
    sellingDecomposition(1, -0.3, 0.5, w, e);
    const dirs = [0, 1, 2].map((k) => `${e[2 * k] * e[2 * k + 1]}`);
    expect(dirs.sort()).toEqual(["-1", "0", "0"]); // the (1, −1) diagonal for D₁₂ < 0
    expect(Math.max(...w)).toBeCloseTo(0.7, 12); // D₁₁ − |D₁₂| on the x axis
  });

  it("rejects a matrix that is not positive-definite", () => {
    const w = new Float64Array(3);
    const e = new Int32Array(6);
    expect(() => sellingDecomposition(1, 2, 1, w, e)).toThrow(NotPositiveDefiniteError);
    expect(() => sellingDecomposition(0, 0, 1, w, e)).toThrow(NotPositiveDefiniteError);
  });
});
