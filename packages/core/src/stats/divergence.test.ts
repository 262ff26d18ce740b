import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { entropy } from "./entropy.js";
import { klDivergence } from "./kl-divergence.js";

describe("klDivergence", () => {
  it("matches hand-computed values and handles zeros explicitly", () => {
    // closed forms, rounding only
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeAllclose(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), {
      rtol: 1e-15,
    });
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Number.POSITIVE_INFINITY);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeAllclose(Math.log(2), { rtol: 1e-15 }); // 0·log 0 = 0
    expect(klDivergence([0, 1], [0, 1])).toBe(0);
    expect(klDivergence([0.2, 0.3], [0.2, 0.3], 0.1)).toBe(0);
  });

  it("of two gaussians on a grid approaches the closed form", () => {
    // KL(N(0,1) ‖ N(1,2²)) = log 2 + (1 + 1)/8 − 1/2
    const h = 0.01;
    const p: number[] = [];
    const q: number[] = [];
    for (let x = -12; x <= 12; x += h) {
      p.push(Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
      q.push(Math.exp(-((x - 1) ** 2) / 8) / Math.sqrt(8 * Math.PI));
    }
    // midpoint rule of a smooth, rapidly decaying integrand: spectrally accurate, 1e-10 is loose
    expect(klDivergence(p, q, h)).toBeAllclose(Math.log(2) + 2 / 8 - 0.5, { rtol: 1e-10 });
  });

  it("rejects bad input", () => {
    expect(() => klDivergence([1], [0.5, 0.5])).toThrow(ShapeMismatchError);
    expect(() => klDivergence([-0.1, 1.1], [0.5, 0.5])).toThrow(/p\[0\]/);
    expect(() => klDivergence([0.5, 0.5], [Number.NaN, 1])).toThrow(/q\[0\]/);
    expect(() => klDivergence([1], [1], 0)).toThrow(InvalidArgumentError);
  });
});

describe("entropy", () => {
  it("discrete and differential entropies", () => {
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeAllclose(Math.log(4), { rtol: 1e-15 }); // log 4 exactly up to rounding
    expect(entropy([1, 0, 0])).toBe(0); // 0·log 0 = 0, no NaN
    expect(entropy([0.5, 0.5], 2)).toBeAllclose(Math.log(4), { rtol: 1e-15 });
    // N(0, σ²): ½ log(2πe σ²), midpoint rule on a fine grid (spectrally accurate)
    const h = 0.01;
    const sigma = 1.7;
    const p: number[] = [];
    for (let x = -15; x <= 15; x += h)
      p.push(Math.exp(-0.5 * (x / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI)));
    expect(entropy(p, h)).toBeAllclose(0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma), { rtol: 1e-10 }); // midpoint rule, spectrally accurate
    expect(() => entropy([0.5, -0.5])).toThrow(InvalidArgumentError);
  });
});
