import { createRng, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { flatGradients, flatParameters, mlp, nn, noGrad, softmaxCrossEntropy, tensor } from "../index.js";

describe("Sequential and mlp", () => {
  it("keeps every parameter as a view into one flat vector, layer by layer (W then b)", () => {
    const model = mlp([3, 4, 2], "tanh", createRng(1));
    expect(model.size).toBe(3 * 4 + 4 + 4 * 2 + 2);
    const [w1, b1, w2, b2] = model.parameters();
    expect(w1.shape).toEqual([3, 4]);
    expect(b2.shape).toEqual([2]);
    expect(w1.data.buffer).toBe(model.flat.buffer);
    expect(model.offsets).toEqual([0, 12, 16, 24]);
    flatParameters(model)[13] = 7;
    expect(b1.data[1]).toBe(7);
    w2.data[0] = -3;
    expect(model.flat[16]).toBe(-3);
  });

  it("writing the flat vector moves the network; backward fills the flat gradient", () => {
    const model = mlp([2, 3, 2], "relu", createRng(2));
    const x = tensor([0.5, -1, 2, 0.3], [2, 2]);
    const before = noGrad(() => model.forward(x)).data.slice();
    const saved = model.flat.slice();
    model.flat.fill(0);
    expect(noGrad(() => model.forward(x)).data).toBeAllclose([0, 0, 0, 0], { rtol: 0 });
    model.flat.set(saved);
    expect(noGrad(() => model.forward(x)).data).toBeAllclose(before, { rtol: 0 });
    softmaxCrossEntropy(model.forward(x), Int32Array.of(0, 1)).backward();
    const g = flatGradients(model);
    expect(g.some((v) => v !== 0)).toBe(true);
    expect(model.parameters()[0].grad!.buffer).toBe(g.buffer);
    model.zeroGrad();
    expect(g.every((v) => v === 0)).toBe(true);
  });

  it("evaluates at an explicit flat parameter tensor identically", () => {
    const model = mlp([2, 3, 2], "sigmoid", createRng(3));
    const x = tensor([0.5, -1, 2, 0.3], [2, 2]);
    const own = noGrad(() => model.forward(x)).data;
    const viaParams = noGrad(() => model.forward(x, { params: tensor(model.flat) })).data;
    expect(viaParams).toBeAllclose(own, { rtol: 0 });
  });

  it("initialises with the stated variances (Glorot 2/(in+out), He 2/in)", () => {
    const g = nn.linear(200, 300, createRng(4)).weight.data;
    const h = nn.linear(200, 300, createRng(5), { init: "he" }).weight.data;
    const variance = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0) / a.length;
    // 60 000 draws: the relative standard error of a variance estimate is √(2/n) ≈ 0.006
    // (Gaussian) and smaller for a uniform; 4σ → 0.025.
    expect(variance(g)).toBeAllclose(2 / 500, { rtol: 0.025 });
    expect(variance(h)).toBeAllclose(2 / 200, { rtol: 0.025 });
    const bound = Math.sqrt(6 / 500);
    expect(g.every((v) => Math.abs(v) <= bound)).toBe(true);
  });

  it("is reproducible from the seed", () => {
    expect(mlp([4, 5, 3], "tanh", createRng(9)).flat).toEqual(mlp([4, 5, 3], "tanh", createRng(9)).flat);
  });

  it("rejects bad sizes, activations and inputs", () => {
    expect(() => mlp([3], "tanh", createRng(1))).toThrow(InvalidArgumentError);
    expect(() => mlp([3, 0, 1], "tanh", createRng(1))).toThrow(/outFeatures/);
    // @ts-expect-error: an unknown activation name
    expect(() => mlp([3, 2, 1], "swish", createRng(1))).toThrow(/unknown activation "swish"/);
    const model = mlp([3, 2], "tanh", createRng(1));
    expect(() => model.forward(tensor([1, 2], [1, 2]))).toThrow(ShapeMismatchError);
    expect(() => model.forward(tensor([1, 2], [1, 2]))).toThrow(
      "linear: input of shape [1,2] for a layer with 3 inputs",
    );
  });
});
