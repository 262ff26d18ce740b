import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  add,
  gradients,
  matmul,
  noGrad,
  scalar,
  setDebug,
  softmaxCrossEntropy,
  type Tensor,
  tensor,
} from "./index.js";

describe("backward", () => {
  it("handles a 10⁵-node chain without recursion", () => {
    const x = scalar(0.5, { requiresGrad: true });
    let y: Tensor = x;
    // y = x·(1 + 1e-6)^N: each mul is one node; the gradient is (1 + 1e-6)^N.
    const n = 100_000;
    for (let i = 0; i < n; i++) y = y.mul(1 + 1e-6);
    y.backward();
    // N roundings of a product, each ≤ ε/2 relative: error ≤ N·ε ≈ 2e-11.
    expect(x.grad!).toBeAllclose([(1 + 1e-6) ** n], { rtol: 1e-10 });
  });

  it("accumulates into leaves across calls and when a node is reused", () => {
    const x = tensor([2, 3], [2], { requiresGrad: true });
    const y = x.mul(x).add(x).sum(); // dy/dx = 2x + 1
    y.backward();
    expect(x.grad!).toBeAllclose([5, 7], { rtol: 0 });
    x.mul(3).sum().backward();
    expect(x.grad!).toBeAllclose([8, 10], { rtol: 0 });
    x.zeroGrad();
    expect(x.grad!).toBeAllclose([0, 0], { rtol: 0 });
  });

  it("takes a seed for a non-scalar output and rejects its absence", () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = x.mul(3);
    expect(() => y.backward()).toThrow(InvalidArgumentError);
    expect(() => y.backward()).toThrow(/non-scalar output \(mul, shape \[2\]\) needs a seed/);
    expect(() => y.backward(new Float64Array(3))).toThrow(ShapeMismatchError);
    y.backward(new Float64Array([1, 10]));
    expect(x.grad!).toBeAllclose([3, 30], { rtol: 0 });
  });

  it("records nothing inside noGrad, and says so at backward", () => {
    const x = tensor([1], [1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2).sum());
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(/does not require gradients/);
  });

  it("gradients() returns zeros for inputs the output does not depend on", () => {
    const a = tensor([1, 2], [2], { requiresGrad: true });
    const b = tensor([5], [1], { requiresGrad: true });
    const [ga, gb] = gradients(a.pow(2).sum(), [a, b]);
    expect(ga.data).toBeAllclose([2, 4], { rtol: 0 });
    expect(gb.data).toBeAllclose([0], { rtol: 0 });
    expect(a.grad).toBeNull();
  });
});

describe("errors", () => {
  afterEach(() => setDebug(false));

  it("shape mismatches name the op and both shapes", () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => add(a, tensor([1, 2], [2]))).toThrow(ShapeMismatchError);
    expect(() => add(a, tensor([1, 2], [2]))).toThrow(
      "add: shapes [2,3] and [2] cannot be broadcast together",
    );
    expect(() => a.mul(tensor([1, 2, 3, 4], [4]))).toThrow("mul: shapes [2,3] and [4]");
    expect(() => matmul(a, a)).toThrow(
      "matmul: shapes [2,3] and [2,3] do not chain (inner dimensions 3 and 2)",
    );
    expect(() => a.reshape([4, 2])).toThrow("reshape: cannot view [2,3] (6 elements) as [4,2]");
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(InvalidArgumentError);
  });

  it("labels out of range or of the wrong count are named", () => {
    const z = tensor([0, 0, 0, 0], [2, 2]);
    expect(() => softmaxCrossEntropy(z, Int32Array.of(0, 2))).toThrow(
      "labels[1] = 2 is not a class index in [0, 2)",
    );
    expect(() => softmaxCrossEntropy(z, [0, -1])).toThrow("labels[1] = -1");
    expect(() => softmaxCrossEntropy(z, [0.5, 1])).toThrow("labels[0] = 0.5");
    expect(() => softmaxCrossEntropy(z, Int32Array.of(0))).toThrow("1 labels for 2 rows");
  });

  it("a NaN loss stops backward; debug mode names the op that produced it", () => {
    const x = tensor([-1, 2], [2], { requiresGrad: true });
    const y = x.log().sum();
    expect(() => y.backward()).toThrow(NonFiniteError);
    expect(() => y.backward()).toThrow(/NaN.*setDebug\(true\)/);
    setDebug(true);
    expect(() => x.log()).toThrow("log produced NaN at flat index 0 of its output of shape [2]");
    expect(() => x.mul(0).div(0)).toThrow(/^div produced NaN/);
  });
});
