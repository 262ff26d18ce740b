import { lyapunov } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { complexPeriodogram } from "./fft.js";
import { matmul, scaled, transpose } from "./linalg.js";

describe("local numerics", () => {
  it("complexPeriodogram equals a direct DFT at every frequency", () => {
    const n = 16;
    const re = Array.from({ length: n }, (_, t) => Math.cos(0.7 * t) + 0.1 * t);
    const im = Array.from({ length: n }, (_, t) => Math.sin(1.3 * t));
    const mr = re.reduce((a, b) => a + b, 0) / n;
    const mi = im.reduce((a, b) => a + b, 0) / n;
    const { frequencies, power } = complexPeriodogram(re, im, 0.5);
    for (let s = 0; s < n; s++) {
      const k = Math.round(frequencies[s] * n * 0.5);
      let a = 0;
      let b = 0;
      for (let t = 0; t < n; t++) {
        const ang = (-2 * Math.PI * k * t) / n;
        a += (re[t] - mr) * Math.cos(ang) - (im[t] - mi) * Math.sin(ang);
        b += (re[t] - mr) * Math.sin(ang) + (im[t] - mi) * Math.cos(ang);
      }
      // Same sum in a different order: round-off only.
      expect(power[s]).toBeAllclose((0.5 / n) * (a * a + b * b), { rtol: 1e-12, atol: 1e-12 });
    }
  });

  it("core's lyapunov(−F, C) solves FΣ + ΣFᵀ = C (the convention linearised.ts relies on)", () => {
    const F = [2, 1, -0.5, 1];
    const C = [1, 0.2, 0.2, 0.5];
    const S = lyapunov(scaled(F, -1), C, 2);
    const lhs = matmul(F, S, 2).map((v, i) => v + matmul(S, transpose(F, 2), 2)[i]);
    // A 4×4 LU solve: round-off.
    expect(lhs).toBeAllclose(C, { rtol: 1e-12, atol: 1e-14 });
  });
});
