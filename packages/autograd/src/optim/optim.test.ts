import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { optim } from "../index.js";

/** f(x) = ½ a x² per coordinate: gradient a x. */
function quadratic(a: number[], x0: number[]) {
  const target = { flat: Float64Array.from(x0), flatGrad: new Float64Array(x0.length) };
  const grad = () => {
    for (let i = 0; i < a.length; i++) target.flatGrad[i] = a[i] * target.flat[i];
  };
  return { target, grad };
}

describe("SGD", () => {
  it("plain, with weight decay: x ← x − η(g + λx)", () => {
    const { target, grad } = quadratic([2], [1]);
    const opt = optim.sgd(target, { lr: 0.1, weightDecay: 0.5 });
    grad();
    opt.step();
    // exact: 1 − 0.1(2 + 0.5) = 0.75
    expect(target.flat[0]).toBeAllclose(0.75, { rtol: 1e-15 });
  });

  it("momentum and Nesterov follow PyTorch's update (hand-computed three steps)", () => {
    const run = (nesterov: boolean) => {
      const { target, grad } = quadratic([1], [1]);
      const opt = optim.sgd(target, { lr: 0.1, momentum: 0.9, nesterov });
      const xs: number[] = [];
      for (let k = 0; k < 3; k++) {
        grad();
        opt.step();
        xs.push(target.flat[0]);
      }
      return xs;
    };
    // Hand-computed in exact decimals; the code rounds a few times per step, hence rtol 1e-14.
    // Heavy ball: v1 = 1, x1 = 0.9; g = 0.9, v2 = 0.9 + 0.9 = 1.8, x2 = 0.72; g = 0.72,
    // v3 = 1.62 + 0.72 = 2.34, x3 = 0.486.
    expect(run(false)).toBeAllclose([0.9, 0.72, 0.486], { rtol: 1e-14 });
    // Nesterov: d = g + μv. v1 = 1, x1 = 1 − 0.1(1 + 0.9) = 0.81; g = 0.81, v2 = 0.9 + 0.81 = 1.71,
    // x2 = 0.81 − 0.1(0.81 + 1.539) = 0.5751; g = 0.5751, v3 = 1.539 + 0.5751 = 2.1141,
    // x3 = 0.5751 − 0.1(0.5751 + 1.90269) = 0.327321.
    expect(run(true)).toBeAllclose([0.81, 0.5751, 0.327321], { rtol: 1e-14 });
  });

  it("rejects Nesterov without momentum and mismatched vectors", () => {
    const { target } = quadratic([1], [1]);
    expect(() => optim.sgd(target, { lr: 0.1, nesterov: true })).toThrow(InvalidArgumentError);
    expect(() => optim.sgd({ flat: new Float64Array(2), flatGrad: new Float64Array(3) }, { lr: 1 })).toThrow(
      /same length/,
    );
  });
});

describe("Adam", () => {
  it("first step moves every coordinate by lr·sign(g) (bias correction) and converges", () => {
    const { target, grad } = quadratic([1, 100], [1, -1]);
    const opt = optim.adam(target, { lr: 0.01 });
    grad();
    opt.step();
    // m̂ = g, v̂ = g²: step = lr·g/(|g| + ε) = lr·sign(g) up to ε/|g| ≤ 1e-8.
    expect(target.flat).toBeAllclose([0.99, -0.99], { rtol: 1e-9 });
    for (let k = 0; k < 2000; k++) {
      grad();
      opt.step();
    }
    // Adam's steps shrink near the minimum of a quadratic; 2000 steps of 1e-2 reach |x| < 1e-2.
    expect(Math.max(Math.abs(target.flat[0]), Math.abs(target.flat[1]))).toBeLessThan(1e-2);
  });
});
