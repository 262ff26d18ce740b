import { NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { hessianOperator, hvp, type ScalarFn, tensor } from "./index.js";

// Typed errors naming the argument with what was expected and what was given (issue 15).
describe("argument checks of backward and the Hessian-vector product", () => {
  it("backward(seed) names the expected and the given shape", () => {
    const x = tensor([1, 2, 3], [3], { requiresGrad: true });
    const y = x.mul(x);
    // A Float64Array of the wrong length used to be reported as "seed of shape [3] for an output of shape [3]".
    expect(() => y.backward(new Float64Array(2))).toThrow(ShapeMismatchError);
    expect(() => y.backward(new Float64Array(2))).toThrow(
      "seed: backward(): expected a seed of shape [3] (3 values) for the output of mul, got a Float64Array of length 2",
    );
    // A tensor of the same size but another shape used to pass silently.
    expect(() => y.backward(tensor([1, 1, 1], [3, 1]))).toThrow(
      "seed: backward(): expected a seed of shape [3] for the output of mul, got shape [3,1]",
    );
    expect(() => y.backward(tensor([1, 1], [2]))).toThrow(/expected a seed of shape \[3\].*got shape \[2\]$/);
    y.backward(tensor([1, 0, 2], [3]));
    expect(x.grad).toBeAllclose([2, 0, 12], { rtol: 0 }); // 2x·seed, exact in floating point
  });

  it("hvp and hessianOperator name v (and out) of the wrong length, and a non-finite v or x", () => {
    const f: ScalarFn = (x) => x.pow(3).sum();
    expect(() => hvp(f, [1, 2], [1])).toThrow(ShapeMismatchError);
    expect(() => hvp(f, [1, 2], [1])).toThrow("v: hvp: v has length 1, x has 2");
    const H = hessianOperator(f, [1, 2]);
    expect(() => H([1, 2, 3])).toThrow("v: hvp: v has length 3, x has 2");
    expect(() => H([1, 1], new Float64Array(3))).toThrow(ShapeMismatchError);
    expect(() => H([1, 1], new Float64Array(3))).toThrow("out: hvp: out has length 3, x has 2");
    // NaN used to come back as a silent NaN entry of H·v
    expect(() => hvp(f, [1, 2], [1, Number.NaN])).toThrow(NonFiniteError);
    expect(() => hvp(f, [1, 2], [1, Number.NaN])).toThrow("v[1] is NaN");
    expect(() => hessianOperator(f, [Number.NaN, 2])).toThrow("x[0] is NaN");
    expect(hvp(f, [1, 2], [1, 1])).toBeAllclose([6, 12], { rtol: 0 }); // diag(6x)·v, exact
  });
});
