import { type ClassificationSet, gaussianMixture, splitSet, xorBlobs } from "@langevin/autograd";
import { createRng } from "@langevin/core";
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
