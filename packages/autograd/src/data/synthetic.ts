import { assertInteger, assertPositive, type Rng } from "@langevin/core";

/** A generated classification set: `x` row-major (n × dim), integer labels. */
export interface ClassificationSet {
  /** Features, row-major n × dim. */
  x: Float64Array;
  /** Class label of each row, 0 .. classes − 1. */
  y: Int32Array;
  /** Number of examples. */
  n: number;
  /** Features per example. */
  dim: number;
  /** Number of classes. */
  classes: number;
  /** Class means (classes × dim), for mixtures. */
  means?: Float64Array;
}

/**
 * "XOR blobs" in 2-D: four Gaussian blobs (std `sigma`) at (±1, ±1); the label is 1 when the two
 * coordinates of the centre have opposite signs. Not linearly separable.
 * @example
 * const data = xorBlobs(400, 0.25, createRng(3));
 */
export function xorBlobs(n: number, sigma: number, rng: Rng): ClassificationSet {
  assertInteger(n, "n", 1);
  assertPositive(sigma, "sigma");
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const q = i % 4;
    const sx = q & 1 ? 1 : -1;
    const sy = q & 2 ? 1 : -1;
    x[2 * i] = sx + sigma * rng.normal();
    x[2 * i + 1] = sy + sigma * rng.normal();
    y[i] = sx === sy ? 0 : 1;
  }
  return { x, y, n, dim: 2, classes: 2 };
}

/**
 * A mixture of `classes` isotropic Gaussians in `dim` dimensions: class k has mean μₖ ~ N(0, s²I)
 * (s = `separation`/√dim scaled so ‖μₖ‖ ≈ separation) and unit covariance; labels cycle 0..classes−1.
 * @example
 * const data = gaussianMixture(1000, 49, 5, 3, createRng(5)); // a stand-in for 7×7 MNIST, 5 classes
 */
export function gaussianMixture(
  n: number,
  dim: number,
  classes: number,
  separation: number,
  rng: Rng,
): ClassificationSet {
  assertInteger(n, "n", 1);
  assertInteger(dim, "dim", 1);
  assertInteger(classes, "classes", 2);
  assertPositive(separation, "separation");
  const means = new Float64Array(classes * dim);
  rng.fillNormal(means);
  const s = separation / Math.sqrt(dim);
  for (let i = 0; i < means.length; i++) means[i] *= s;
  const x = new Float64Array(n * dim);
  rng.fillNormal(x);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    y[i] = k;
    for (let j = 0; j < dim; j++) x[i * dim + j] += means[k * dim + j];
  }
  return { x, y, n, dim, classes, means };
}

/**
 * Splits a set into its first `k` rows and the rest.
 * @example
 * const [train, test] = splitSet(gaussianMixture(2000, 49, 5, 2.5, rng), 1000);
 */
export function splitSet(set: ClassificationSet, k: number): [ClassificationSet, ClassificationSet] {
  assertInteger(k, "k", 1);
  const d = set.dim;
  const part = (a: number, b: number): ClassificationSet => ({
    ...set,
    x: set.x.slice(a * d, b * d),
    y: set.y.slice(a, b),
    n: b - a,
  });
  return [part(0, k), part(k, set.n)];
}

/**
 * Fraction of rows whose largest logit is the label.
 * @example
 * accuracy(logits.data, 5, labels);
 */
export function accuracy(logits: Float64Array, classes: number, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (logits[i * classes + j] > logits[i * classes + best]) best = j;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}
