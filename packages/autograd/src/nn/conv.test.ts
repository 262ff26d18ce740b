import { createRng, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { checkDerivatives } from "../../test/derivatives.js";
import { expectPerSampleMatchesLoop } from "../../test/persample-check.js";
import {
  add,
  flatLoss,
  gradCheck,
  matmul,
  nn,
  noGrad,
  perSampleGradients,
  randn,
  Sequential,
  softmaxCrossEntropy,
  type Tensor,
  tensor,
} from "../index.js";

const rng = createRng(99);

function labels(n: number, classes: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(classes));
}

/** Random biases too, so that every bias enters the values (they start at zero). */
function randomBiases(model: Sequential, r = rng): void {
  for (const layer of model.layers) {
    if ((layer instanceof nn.Conv2d || layer instanceof nn.Linear) && layer.bias)
      r.fillNormal(layer.bias.data);
  }
}

/** A conv net with the other options: stride, padding, a bias-free conv with the fused ReLU, average pooling, tanh. */
function variantNet(): Sequential {
  return new Sequential([
    new nn.Conv2d(2, 3, [3, 2], rng, { stride: 2, padding: 1 }),
    new nn.Activation("tanh"),
    new nn.AvgPool2d({ kernel: 2, stride: 1, padding: 1 }),
    new nn.Conv2d(3, 4, 3, rng, { bias: false, padding: [0, 1], relu: true }),
    new nn.MaxPool2d({ kernel: 2, stride: [1, 2] }),
    new nn.Flatten(),
    new nn.Linear(4 * 3 * 2, 3, rng), // 9×7 → 5×4 → 6×5 → 4×5 → 3×2
  ]);
}

describe("nn.lenet", () => {
  it("has the authors' shapes on 28×28 input (24 → 8 → 4 → 2) and 5 834 weights", () => {
    const model = nn.lenet({ rng: createRng(1) });
    const shapes: number[][] = [];
    let h: Tensor = randn([3, 1, 28, 28], rng);
    for (const layer of model.layers) {
      h = noGrad(() => layer.forward(h));
      shapes.push([...h.shape]);
    }
    // conv+ReLU (fused), pool, conv+ReLU, pool, flatten, linear, ReLU, linear
    expect(shapes).toEqual([
      [3, 8, 24, 24],
      [3, 8, 8, 8],
      [3, 16, 4, 4],
      [3, 16, 2, 2],
      [3, 64],
      [3, 32],
      [3, 32],
      [3, 10],
    ]);
    const counts = [8 * 1 * 5 * 5, 8, 16 * 8 * 5 * 5, 16, 64 * 32, 32, 32 * 10, 10];
    expect(model.parameters().map((p) => p.size)).toEqual(counts);
    expect(model.size).toBe(5834);
    expect(model.offsets).toEqual([0, 200, 208, 3408, 3424, 5472, 5504, 5824]);
    const wide = nn.lenet({ input: [3, 32, 36], channels: [6, 12], hidden: 20, classes: 4, rng });
    // Rows 32 → 28 → 9 → 5 → 2 (the floors drop a row twice), columns 36 → 32 → 10 → 6 → 3: the
    // first linear layer has 12·2·3 = 72 inputs.
    expect(wide.parameters()[4].shape).toEqual([72, 20]);
    expect(wide.forward(randn([2, 3, 32, 36], rng)).shape).toEqual([2, 4]);
  });

  it("is reproducible from the seed and rejects bad sizes", () => {
    expect(nn.lenet({ rng: createRng(5) }).flat).toEqual(nn.lenet({ rng: createRng(5) }).flat);
    expect(() => nn.lenet({ input: [1, 21, 28], rng })).toThrow(
      "input: lenet needs images of at least 22×22",
    );
    expect(() => nn.lenet({ channels: [0, 4], rng })).toThrow(InvalidArgumentError);
    expect(() => nn.lenet({ hidden: 2.5, rng })).toThrow("hidden: must be a positive integer");
  });

  it("gradCheck: the loss over all 5 834 parameters matches central differences", () => {
    // A point of its own (seeded here, not by the tests before it): ReLU and max-pool are piecewise
    // linear, and at this point no kink lies within the differences' step (a crossed kink would put
    // one entry off by O(1) relative; some seeds do that).
    const own = createRng(2, 1);
    const model = nn.lenet({ rng: own });
    randomBiases(model, own);
    const x = randn([1, 1, 28, 28], own);
    const f = flatLoss(model, softmaxCrossEntropy, { x, y: Int32Array.of(3) });
    const r = gradCheck(f, model.flat);
    // Truncation O(h²) and round-off O(ε/h) at h = 1e-5 are ~1e-10 relative.
    console.log(
      `LeNet gradCheck over ${model.size} parameters: relative error ${r.relError.toExponential(2)}`,
    );
    expect(r.relError).toBeLessThan(1e-6);
  });
});

describe("Conv2d in a Sequential", () => {
  it("keeps W (outC, inC, kh, kw) then b in the flat vector, as views", () => {
    const conv = new nn.Conv2d(2, 3, [2, 3], rng);
    const model = new Sequential([conv, new nn.Flatten()]);
    expect(model.offsets).toEqual([0, 36]);
    expect(conv.weight.data.buffer).toBe(model.flat.buffer);
    model.flat[((1 * 2 + 1) * 2 + 0) * 3 + 2] = 7; // W[1, 1, 0, 2]
    expect(conv.weight.data[20]).toBe(7);
    model.flat[36 + 2] = -1;
    expect(conv.bias!.data[2]).toBe(-1);
  });

  it("evaluates at an explicit flat parameter tensor identically", () => {
    const model = variantNet();
    randomBiases(model);
    const x = randn([3, 2, 9, 7], rng);
    const own = noGrad(() => model.forward(x)).data;
    expect(noGrad(() => model.forward(x, { params: tensor(model.flat) })).data).toBeAllclose(own, {
      rtol: 0,
    });
  });

  it("flatLoss of conv nets has exact Hessian-vector products (first and second order vs differences)", () => {
    // Smooth (tanh, average pooling) and piecewise linear (relu, max-pool) layers together; the
    // inputs keep every kink farther than the differences' step of 1e-5.
    const model = variantNet();
    randomBiases(model);
    const x = randn([2, 2, 9, 7], rng);
    const f = flatLoss(model, softmaxCrossEntropy, { x, y: Int32Array.of(0, 2) });
    checkDerivatives(f, model.flat, rng);
  });

  it("rejects an input with the wrong channels and layers it cannot re-home", () => {
    const conv = new nn.Conv2d(3, 2, 3, rng);
    expect(() => conv.forward(randn([1, 2, 5, 5], rng))).toThrow(ShapeMismatchError);
    expect(() => conv.forward(randn([1, 2, 5, 5], rng))).toThrow(
      "x: Conv2d: input of shape [1,2,5,5] for a layer with 3 input channels",
    );
    expect(() => new nn.Conv2d(3, 2, 0, rng)).toThrow("kernel: Conv2d: must be an integer >= 1");
    expect(() => new nn.Conv2d(3, 2, 3, rng, { stride: 0 })).toThrow("stride: Conv2d:");
    expect(() => new nn.MaxPool2d({ kernel: 2, padding: 2 })).toThrow("padding: MaxPool2d:");
    const w = tensor([1, 2], [2], { requiresGrad: true });
    const frozen = { parameters: () => [w], forward: (t: Tensor) => t.mul(w) };
    expect(() => new Sequential([frozen])).toThrow(
      "layers: layer 0 (Object) has parameters but no setParameters",
    );
  });
});

describe("perSampleGradients of conv nets", () => {
  const cases: [string, () => Sequential, number[]][] = [
    ["the LeNet", () => nn.lenet({ rng: createRng(3) }), [5, 1, 28, 28]],
    ["stride, padding, no bias, average pooling", variantNet, [6, 2, 9, 7]],
  ];
  for (const [name, build, shape] of cases) {
    it(`equal N separate backward passes and average to the batch gradient (${name})`, () => {
      const model = build();
      randomBiases(model);
      const n = shape[0];
      const x = randn(shape, rng);
      const y = labels(n, 3);
      expectPerSampleMatchesLoop(model, softmaxCrossEntropy, { x, y }, (t, i) => t.subarray(i, i + 1), true);
    });
  }

  it("rejects a layer with parameters but no per-example rule", () => {
    const inner = new nn.Linear(4, 2, rng);
    const noRule: nn.Layer = {
      parameters: () => inner.parameters(),
      setParameters: (ps) => inner.setParameters(ps),
      forward: (t, ps, tape) =>
        tape
          ? nn.recordOnTape(noRule, t, inner.parameters(), ([w, b]) => add(matmul(t, w), b), tape)
          : inner.forward(t, ps),
    };
    const model = new Sequential([new nn.Flatten(), noRule]);
    expect(() =>
      perSampleGradients(model, softmaxCrossEntropy, { x: randn([2, 1, 2, 2], rng), y: Int32Array.of(0, 1) }),
    ).toThrow("model: perSampleGradients: layer 1 (Object) has parameters but no perSampleGradients rule");
  });
});
