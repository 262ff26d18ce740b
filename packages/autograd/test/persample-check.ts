import { expect } from "vitest";
import {
  type Batch,
  type LossFn,
  perSampleGradients,
  perSampleGradientsLoop,
  type Sequential,
} from "../src/index.js";

/** The largest |entry|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * Checks `perSampleGradients` against N separate backward passes (`perSampleGradientsLoop`) and,
 * with `meanToo`, that the rows average to the batch gradient; returns the N × P matrix.
 */
export function expectPerSampleMatchesLoop<T>(
  model: Sequential,
  lossFn: LossFn<T>,
  batch: Batch<T>,
  takeY: (y: T, i: number) => T,
  meanToo = false,
): Float64Array {
  const batched = perSampleGradients(model, lossFn, batch);
  const loop = perSampleGradientsLoop(model, lossFn, batch, takeY);
  // The same products summed in another order (for a convolution, a gemm over positions against
  // the backward pass's per-image gemms; N·(s/N) against s): round-off relative to the largest entry.
  expect(batched).toBeAllclose(loop, { atol: 1e-13 * maxAbs(loop), rtol: 1e-12 });
  if (meanToo) {
    const n = batch.x.shape[0];
    model.zeroGrad();
    lossFn(model.forward(batch.x), batch.y).backward();
    const mean = new Float64Array(model.size);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < model.size; j++) mean[j] += batched[i * model.size + j] / n;
    // N terms averaged: a few ε relative to the largest entry.
    expect(mean).toBeAllclose(model.flatGrad, { atol: 1e-14 * maxAbs(model.flatGrad), rtol: 1e-12 });
  }
  return batched;
}
