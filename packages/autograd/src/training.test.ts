import { createRng } from "@langevin/core";
import { describe, expect, it } from "vitest";
import type { ClassificationSet } from "./data/synthetic.js";
import {
  accuracy,
  batches,
  fromArray,
  gaussianMixture,
  mlp,
  noGrad,
  optim,
  type Sequential,
  softmaxCrossEntropy,
  splitSet,
  takeLabels,
  takeRows,
  xorBlobs,
} from "./index.js";

function train(
  model: Sequential,
  data: ClassificationSet,
  epochs: number,
  b: number,
  lr: number,
  seed: number,
): void {
  const rng = createRng(seed, 1);
  const opt = optim.sgd(model, { lr, momentum: 0.9 });
  for (let e = 0; e < epochs; e++) {
    for (const idx of batches(data.n, b, rng)) {
      model.zeroGrad();
      softmaxCrossEntropy(model.forward(takeRows(data.x, data.dim, idx)), takeLabels(data.y, idx)).backward();
      opt.step();
    }
  }
}

function evaluate(model: Sequential, data: ClassificationSet): number {
  const logits = noGrad(() => model.forward(fromArray(data.x, [data.n, data.dim])));
  return accuracy(logits.data, data.classes, data.y);
}

describe("training with a fixed seed", () => {
  it("2-16-2 tanh separates XOR blobs", () => {
    const train_ = xorBlobs(400, 0.3, createRng(11, 0));
    const test = xorBlobs(400, 0.3, createRng(11, 9));
    const model = mlp([2, 16, 2], "tanh", createRng(11, 2));
    const before = evaluate(model, test);
    train(model, train_, 30, 16, 0.05, 11);
    const after = evaluate(model, test);
    console.log(`XOR blobs: test accuracy ${before} → ${after}`);
    // Blobs at (±1, ±1) with σ = 0.3: a point crosses an axis with probability Φ(−1/0.3) ≈ 4e-4 per
    // coordinate, so the Bayes accuracy is ≈ 0.999; 0.97 leaves room for an imperfect boundary
    // while a linear model (≤ 0.75 on XOR) cannot reach it.
    expect(after).toBeGreaterThanOrEqual(0.97);
  });

  it("49-16-5 relu on a 5-class Gaussian mixture gets near the Bayes accuracy", () => {
    const [train_, test] = splitSet(gaussianMixture(4000, 49, 5, 2.5, createRng(12, 0)), 3000);
    const model = mlp([49, 16, 5], "relu", createRng(12, 2));
    train(model, train_, 8, 32, 0.01, 12);
    const acc = evaluate(model, test);
    // With equal priors and identity covariances the Bayes rule is the nearest class mean.
    const m = test.means!;
    let bayes = 0;
    for (let i = 0; i < test.n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 5; k++) {
        let d = 0;
        for (let j = 0; j < 49; j++) d += (test.x[i * 49 + j] - m[k * 49 + j]) ** 2;
        if (d < bestD) [best, bestD] = [k, d];
      }
      if (best === test.y[i]) bayes++;
    }
    bayes /= test.n;
    console.log(`5-class mixture: test accuracy ${acc}, Bayes (nearest true mean) ${bayes}`);
    // Measured with this seed: 0.864 vs Bayes 0.898. The bound: both accuracies are on the same
    // 1000 test points (σ of the gap ≈ √(0.1/1000) ≈ 0.01), the training set is finite (3000 points
    // for 885 weights, 8 epochs), and the 16-unit ReLU bottleneck costs a little; 0.06 covers these
    // while an untrained (0.2) or half-trained net fails.
    expect(acc).toBeGreaterThanOrEqual(bayes - 0.06);
    expect(bayes).toBeLessThan(0.97); // the task is not trivial
  });
});
