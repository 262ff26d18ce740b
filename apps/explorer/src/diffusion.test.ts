import { NotPositiveDefiniteError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { checkDiffusion, diffusionMatrix, eigenvalues2 } from "./diffusion.js";

describe("diffusion matrix from the form", () => {
  it("angle/ratio/scale gives a symmetric positive-definite D with the requested eigen-pairs", () => {
    for (const angle of [-75, -30, 0, 20, 90, 133]) {
      for (const ratio of [0.05, 0.3, 1, 4]) {
        const scale = 1.7;
        const D = checkDiffusion({ mode: "angle", a: angle, b: ratio, c: scale });
        expect(D[1]).toBe(D[2]);
        const [lo, hi] = eigenvalues2(D);
        // closed-form 2×2 eigenvalues: round-off of a few ulps of the entries (≤ 2) → 1e-12
        expect([lo, hi]).toBeAllclose([Math.min(scale, scale * ratio), Math.max(scale, scale * ratio)], {
          atol: 1e-12,
        });
        // the principal axis (cos θ, sin θ) is an eigenvector with eigenvalue `scale`
        const th = (angle * Math.PI) / 180;
        const v = [Math.cos(th), Math.sin(th)];
        const Dv = [D[0] * v[0] + D[1] * v[1], D[2] * v[0] + D[3] * v[1]];
        expect(Dv).toBeAllclose([scale * v[0], scale * v[1]], { atol: 1e-12 });
      }
    }
  });

  it("iso, diag and matrix forms", () => {
    expect(Array.from(diffusionMatrix({ mode: "iso", a: 2, b: 9, c: 9 }))).toEqual([2, 0, 0, 2]);
    expect(Array.from(diffusionMatrix({ mode: "diag", a: 2, b: 0.5, c: 9 }))).toEqual([2, 0, 0, 0.5]);
    expect(Array.from(diffusionMatrix({ mode: "matrix", a: 2, b: 1, c: 0.3 }))).toEqual([2, 0.3, 0.3, 1]);
  });

  it("rejects a D that is not positive-definite and non-finite entries", () => {
    expect(() => checkDiffusion({ mode: "matrix", a: 1, b: 1, c: 2 })).toThrow(NotPositiveDefiniteError);
    expect(() => checkDiffusion({ mode: "diag", a: 1, b: -0.1, c: 0 })).toThrow(NotPositiveDefiniteError);
    expect(() => checkDiffusion({ mode: "angle", a: 10, b: 0, c: 1 })).toThrow(NotPositiveDefiniteError);
    expect(() => checkDiffusion({ mode: "iso", a: Number.NaN, b: 0, c: 0 })).toThrow(/diffusion\.a/);
  });
});
