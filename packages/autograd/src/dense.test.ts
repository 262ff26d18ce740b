import { describe, expect, it } from "vitest";
import { denseFromOperator } from "./dense.js";
import { hessianOperator } from "./functional.js";
import { mul, scale } from "./ops/binary.js";
import { matmul } from "./ops/matmul.js";
import { sum } from "./ops/reduce.js";
import { Tensor } from "./tensor.js";

describe("denseFromOperator", () => {
  it("the Hessian of ½xᵀAx is A (exact for a quadratic: each product is one column of A)", () => {
    const A = Float64Array.of(4, 1, -2, 1, 3, 0.5, -2, 0.5, 5);
    const f = (x: Tensor) =>
      scale(sum(mul(x, matmul(new Tensor(A, [3, 3]), x.reshape([3, 1])).reshape([3]))), 0.5);
    const H = denseFromOperator(hessianOperator(f, [0.3, -1, 2]), 3);
    // Double backward of a quadratic form sums two products per entry: round-off of a few ε·|A|.
    expect(H).toBeAllclose(A, { rtol: 0, atol: 1e-14 });
  });

  it("returns the symmetric part of a non-symmetric operator", () => {
    const B = [1, 2, 0, 3];
    const H = denseFromOperator((v, out) => {
      out[0] = B[0] * v[0] + B[1] * v[1];
      out[1] = B[2] * v[0] + B[3] * v[1];
    }, 2);
    expect(Array.from(H)).toEqual([1, 1, 1, 3]);
  });
});
