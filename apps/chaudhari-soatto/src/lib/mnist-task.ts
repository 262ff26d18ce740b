import { type MnistProvenance, mnist } from "@langevin/datasets";
import type { ExperimentContext } from "@langevin/report";

/** A classification task on real MNIST digits, features standardised by the training split. */
export interface MnistTask {
  name: string;
  /** Training and test rows (n × features, row-major) and labels 0..classes−1. */
  x: Float64Array;
  y: Int32Array;
  n: number;
  testX: Float64Array;
  testY: Int32Array;
  testN: number;
  features: number;
  classes: number;
  provenance: MnistProvenance;
}

/**
 * Loads digits `classes` at `size` × `size` through @langevin/datasets (a seeded stratified split),
 * standardises every pixel by the training split's mean and standard deviation (pixels that never
 * vary are left at 0), and records the data's provenance in the results under `key` and in the
 * setup table.
 */
export function mnistTask(
  ctx: ExperimentContext,
  key: string,
  o: { size: 28 | 14 | 7; classes: number[]; perClass?: number; testPerClass: number },
): MnistTask {
  const data = mnist({
    size: o.size,
    classes: o.classes,
    perClass: o.perClass,
    testPerClass: o.testPerClass,
    seed: ctx.seed(`${key}-split`),
  });
  const { train, test, provenance } = data;
  const f = train.features;
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (let r = 0; r < train.n; r++) for (let j = 0; j < f; j++) mean[j] += train.x[r * f + j] / train.n;
  for (let r = 0; r < train.n; r++)
    for (let j = 0; j < f; j++) sd[j] += (train.x[r * f + j] - mean[j]) ** 2 / train.n;
  const standardise = (x: Float64Array) => {
    const n = x.length / f;
    for (let r = 0; r < n; r++)
      for (let j = 0; j < f; j++) {
        const s = Math.sqrt(sd[j]);
        x[r * f + j] = s > 1e-12 ? (x[r * f + j] - mean[j]) / s : 0;
      }
    return x;
  };
  const name = `MNIST ${o.size}×${o.size}, digits ${o.classes.join(",")}`;
  ctx.number(`${key}-data`, {
    ...provenance,
    standardisation: "each pixel: (x − mean)/sd over the training split",
  });
  ctx.param(
    `${key} data`,
    `${name}: ${train.n} training / ${test.n} test images from the npm package ${provenance.package} ${provenance.version} ` +
      `(seeded stratified split; ${provenance.image.downsampling})`,
  );
  return {
    name,
    x: standardise(train.x),
    y: train.y,
    n: train.n,
    testX: standardise(test.x),
    testY: test.y,
    testN: test.n,
    features: f,
    classes: train.classes,
    provenance,
  };
}
