import { createRng } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { directConv2d } from "../../test/conv-reference.js";

// vitest evaluates each test file's modules afresh, so this file sees the JavaScript kernels
// (im2col in JavaScript, gemm on packed panels) instead of the WebAssembly ones.
process.env.LANGEVIN_NO_WASM = "1";
const ag = await import("../index.js");
const { simdKernel } = await import("../kernels/wasm-simd.js");
const { checkDerivatives, uniform, weighted } = await import("../../test/derivatives.js");
const { expectPerSampleMatchesLoop } = await import("../../test/persample-check.js");
delete process.env.LANGEVIN_NO_WASM; // read once at module evaluation; do not leak to other files

const rng = createRng(31337);

describe("convolutions on the JavaScript path (LANGEVIN_NO_WASM=1)", () => {
  it("the SIMD kernel is switched off", () => {
    expect(simdKernel).toBeNull();
  });

  const x = ag.randn([2, 3, 9, 8], rng);
  const w = ag.randn([4, 3, 3, 3], rng);
  const b = ag.randn([4], rng);
  const options = { stride: 2, padding: 1 };

  it("conv2d and conv2dRelu equal the definition", () => {
    const ref = directConv2d(x, w, b, [2, 2], [1, 1]);
    // ≤ 27 products summed in another order: round-off ≈ 27 · 1.1e-16 · 10
    expect(ag.conv2d(x, w, b, options).data).toBeAllclose(ref.data, { atol: 1e-12, rtol: 1e-12 });
    const relu = ref.data.map((v) => Math.max(v, 0));
    expect(ag.conv2dRelu(x, w, b, options).data).toBeAllclose(relu, { atol: 1e-12, rtol: 1e-12 });
  });

  it("gradients and Hessian-vector products of conv2d and conv2dRelu match central differences", () => {
    const nx = x.size;
    const nw = w.size;
    const r = weighted(ag.conv2d(x, w, null, options).shape, rng);
    for (const op of [ag.conv2d, ag.conv2dRelu]) {
      const f = (t: InstanceType<typeof ag.Tensor>) =>
        r(
          op(
            t.slice(0, nx).reshape(x.shape),
            t.slice(nx, nx + nw).reshape(w.shape),
            t.slice(nx + nw, nx + nw + 4),
            options,
          ).tanh(),
        );
      checkDerivatives(f, uniform(nx + nw + 4, -0.7, 0.7, rng), rng);
    }
  });

  it("per-example gradients of a conv net equal N backward passes", () => {
    const model = new ag.Sequential([
      new ag.nn.Conv2d(1, 3, 3, rng, { padding: 1, relu: true }),
      new ag.nn.MaxPool2d({ kernel: 2 }),
      new ag.nn.Conv2d(3, 2, 2, rng, { stride: 2 }),
      new ag.nn.Flatten(),
      new ag.nn.Linear(2 * 2 * 2, 3, rng),
    ]);
    const xs = ag.randn([5, 1, 8, 8], rng);
    const y = Int32Array.of(0, 2, 1, 1, 0);
    expectPerSampleMatchesLoop(
      model,
      ag.softmaxCrossEntropy,
      { x: xs, y },
      (t, i) => t.subarray(i, i + 1),
      true,
    );
  });
});
