import { createRng, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { directConv2d as direct } from "../../test/conv-reference.js";
import { checkDerivatives, uniform, weighted } from "../../test/derivatives.js";
import {
  type Conv2dOptions,
  conv2d,
  conv2dInput,
  conv2dRelu,
  conv2dWeight,
  hvp,
  randn,
  type Shape,
  sizeOf,
  type Tensor,
  tensor,
  valueAndGrad,
} from "../index.js";

const rng = createRng(4242);

function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i] * b.data[i];
  return s;
}

// [input shape, weight shape, stride, padding]: odd sizes, several channels, strides that drop the
// last rows, padding on one axis only, non-square kernels, a 1×1 kernel, a kernel as large as the
// padded input.
const cases: [Shape, Shape, [number, number], [number, number]][] = [
  [
    [2, 1, 7, 7],
    [3, 1, 3, 3],
    [1, 1],
    [0, 0],
  ],
  [
    [2, 3, 9, 8],
    [4, 3, 3, 3],
    [2, 2],
    [1, 1],
  ],
  [
    [1, 2, 6, 11],
    [3, 2, 2, 5],
    [2, 3],
    [1, 0],
  ],
  [
    [3, 2, 5, 5],
    [2, 2, 1, 1],
    [1, 1],
    [0, 0],
  ],
  [
    [1, 2, 4, 3],
    [2, 2, 6, 5],
    [1, 1],
    [1, 1],
  ],
  [
    [2, 4, 8, 8],
    [5, 4, 3, 2],
    [3, 1],
    [2, 0],
  ],
];

describe("conv2d", () => {
  for (const [xs, ws, stride, padding] of cases) {
    const label = `x ${xs}, w ${ws}, stride ${stride}, padding ${padding}`;
    const options: Conv2dOptions = { stride, padding };

    it(`equals the definition (${label})`, () => {
      const x = randn(xs, rng);
      const w = randn(ws, rng);
      const b = randn([ws[0]], rng);
      const ref = direct(x, w, b, stride, padding);
      const y = conv2d(x, w, b, options);
      expect(y.shape).toEqual(ref.shape);
      // The same ≤ 4·6·5 = 120 products of N(0,1) numbers summed in another order: round-off
      // ≈ k·ε·max|Σ| ≲ 120 · 1.1e-16 · 30 ≈ 4e-13.
      expect(y.data).toBeAllclose(ref.data, { atol: 1e-12, rtol: 1e-12 });
    });

    it(`conv2dInput and conv2dWeight are its adjoints (${label})`, () => {
      const x = randn(xs, rng);
      const w = randn(ws, rng);
      const y = conv2d(x, w, null, options);
      const gy = randn(y.shape, rng);
      // ⟨conv(x, w), gy⟩ = ⟨x, conv2dInput(gy, w)⟩ = ⟨w, conv2dWeight(x, gy)⟩: the same products
      // in another order, round-off relative to Σ|terms| (≈ the size of the output × 10).
      const lhs = dot(y, gy);
      const scale = 1e-13 * y.size * 10;
      expect(dot(x, conv2dInput(gy, w, xs, options))).toBeAllclose(lhs, { atol: scale });
      expect(dot(w, conv2dWeight(x, gy, ws, options))).toBeAllclose(lhs, { atol: scale });
    });

    it(`matches central differences, first and second order, in x, w and b (${label})`, () => {
      const nx = sizeOf(xs);
      const nw = sizeOf(ws);
      const oc = ws[0];
      const probe = conv2d(randn(xs, rng), randn(ws, rng), null, options);
      const r = weighted(probe.shape, rng);
      // tanh makes the loss non-quadratic in every block, so the Hessian has x–x and w–w parts
      // (through tanh) and x–w parts (the bilinear conv): hvp runs all of conv's backward rules.
      const f = (t: Tensor) => {
        const x = t.slice(0, nx).reshape(xs);
        const w = t.slice(nx, nx + nw).reshape(ws);
        const b = t.slice(nx + nw, nx + nw + oc);
        return r(conv2d(x, w, b, options).tanh());
      };
      checkDerivatives(f, uniform(nx + nw + oc, -0.7, 0.7, rng), rng);
    });
  }

  it("differentiates its adjoints: conv2dInput and conv2dWeight have gradients and Hessians too", () => {
    const [xs, ws, stride, padding] = cases[1];
    const options = { stride, padding };
    const gyShape = conv2d(randn(xs, rng), randn(ws, rng), null, options).shape;
    const nx = sizeOf(xs);
    const ng = sizeOf(gyShape);
    const nw = sizeOf(ws);
    const rx = weighted(xs, rng);
    const rw = weighted(ws, rng);
    const fInput = (t: Tensor) =>
      rx(conv2dInput(t.slice(0, ng).reshape(gyShape), t.slice(ng, ng + nw).reshape(ws), xs, options).tanh());
    checkDerivatives(fInput, uniform(ng + nw, -0.5, 0.5, rng), rng);
    const fWeight = (t: Tensor) =>
      rw(conv2dWeight(t.slice(0, nx).reshape(xs), t.slice(nx, nx + ng).reshape(gyShape), ws, options).tanh());
    checkDerivatives(fWeight, uniform(nx + ng, -0.3, 0.3, rng), rng);
  });

  it("conv2dRelu equals conv2d then relu: values, gradients and Hessian-vector products", () => {
    const [xs, ws, stride, padding] = cases[1];
    const options = { stride, padding };
    const x = randn(xs, rng);
    const w = randn(ws, rng);
    const b = randn([ws[0]], rng);
    // The same kernels and the same ReLU arithmetic: bit for bit.
    expect(conv2dRelu(x, w, b, options).data).toEqual(conv2d(x, w, b, options).relu().data);
    const nx = sizeOf(xs);
    const nw = sizeOf(ws);
    const oc = ws[0];
    const r = weighted(conv2d(x, w, null, options).shape, rng);
    const split = (t: Tensor): [Tensor, Tensor, Tensor] => [
      t.slice(0, nx).reshape(xs),
      t.slice(nx, nx + nw).reshape(ws),
      t.slice(nx + nw, nx + nw + oc),
    ];
    // tanh after, so that the loss has a Hessian through the ReLU's linear pieces.
    const fused = (t: Tensor) => r(conv2dRelu(...split(t), options).tanh());
    const composed = (t: Tensor) =>
      r(
        conv2d(...split(t), options)
          .relu()
          .tanh(),
      );
    const theta = uniform(nx + nw + oc, -0.7, 0.7, rng);
    checkDerivatives(fused, theta, rng);
    const v = randn([theta.length], rng).data;
    // The backward rules differ only in summation order (mask folded into the copies): round-off.
    expect(valueAndGrad(fused)(theta).gradient).toBeAllclose(valueAndGrad(composed)(theta).gradient, {
      rtol: 1e-12,
      atol: 1e-14,
    });
    expect(hvp(fused, theta, v)).toBeAllclose(hvp(composed, theta, v), { rtol: 1e-12, atol: 1e-13 });
  });

  it("computes a hand example exactly", () => {
    // 3×3 input 1..9, 2×2 kernel of ones, padding 1, stride 2: 2×2 sums of the corners' windows.
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = tensor([1, 1, 1, 1], [1, 1, 2, 2]);
    const y = conv2d(x, w, tensor([10]), { stride: 2, padding: 1 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([11, 15, 21, 38]);
  });

  it("names the argument in its errors", () => {
    const x = randn([2, 3, 5, 5], rng);
    const w = randn([4, 3, 3, 3], rng);
    expect(() => conv2d(randn([3, 5, 5], rng), w)).toThrow(ShapeMismatchError);
    expect(() => conv2d(randn([3, 5, 5], rng), w)).toThrow(
      "x: conv2d: input must be 4-D (N, C, H, W), got [3,5,5]",
    );
    expect(() => conv2d(x, randn([4, 3, 3], rng))).toThrow("w: conv2d: weight must be 4-D");
    expect(() => conv2d(x, randn([4, 2, 3, 3], rng))).toThrow(
      "w: conv2d: weight [4,2,3,3] expects 2 input channels, the input [2,3,5,5] has 3",
    );
    expect(() => conv2d(x, randn([4, 3, 6, 3], rng))).toThrow(ShapeMismatchError);
    expect(() => conv2d(x, randn([4, 3, 6, 3], rng))).toThrow(
      "w: conv2d: window 6×3 is larger than the padded input 5×5",
    );
    expect(conv2d(x, randn([4, 3, 6, 3], rng), null, { padding: 1 }).shape).toEqual([2, 4, 2, 5]);
    expect(() => conv2d(x, w, randn([3], rng))).toThrow("b: conv2d: bias must have shape [4]");
    expect(() => conv2d(x, w, null, { stride: 0 })).toThrow(InvalidArgumentError);
    expect(() => conv2d(x, w, null, { stride: 0 })).toThrow("stride: conv2d: must be an integer >= 1");
    expect(() => conv2d(x, w, null, { stride: [1, 1.5] })).toThrow("stride:");
    expect(() => conv2d(x, w, null, { padding: -1 })).toThrow("padding: conv2d: must be an integer >= 0");
    // @ts-expect-error: a triple is not a pair
    expect(() => conv2d(x, w, null, { padding: [1, 1, 1] })).toThrow("padding:");
    expect(() => conv2dInput(randn([2, 4, 3, 4], rng), w, x.shape)).toThrow(
      "g: conv2dInput: output gradient [2,4,3,4] for an output of shape [2,4,3,3]",
    );
  });
});
