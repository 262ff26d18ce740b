import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { gradients } from "./engine.js";
import { withGradEnabled } from "./mode.js";
import type { LinearRecord } from "./nn/layers.js";
import { Linear } from "./nn/layers.js";
import type { Sequential } from "./nn/sequential.js";
import { fmt } from "./shape.js";
import { Tensor } from "./tensor.js";

/** A batch: inputs (N × features) and targets (labels or a tensor with N rows). */
export interface Batch<T> {
  x: Tensor;
  y: T;
}

/** A loss over a batch that returns the MEAN of the per-example losses (as `softmaxCrossEntropy`, `mse`). */
export type LossFn<T> = (output: Tensor, y: T) => Tensor;

function checkOut(out: Float64Array | undefined, n: number, p: number): Float64Array {
  if (out === undefined) return new Float64Array(n * p);
  if (out.length !== n * p)
    throw new ShapeMismatchError("out", `needs length N·P = ${n}·${p}, got ${out.length}`);
  return out;
}

/**
 * The N × P matrix (row-major) of per-example gradients gᵢ = ∇θ fᵢ for a `Sequential` of linear
 * layers and element-wise activations (each example passes through the network on its own).
 * One batched forward and one backward pass to the pre-activations Zₗ; then, per example n, the
 * weight gradient of a layer is the outer product of its input row aₙ and its output signal
 * N·∂L/∂zₙ (the factor N undoes the batch mean of `lossFn`), and the bias gradient is the signal.
 * @example
 * const G = perSampleGradients(model, softmaxCrossEntropy, { x, y }); // N·P
 */
export function perSampleGradients<T>(
  model: Sequential,
  lossFn: LossFn<T>,
  batch: Batch<T>,
  out?: Float64Array,
): Float64Array {
  const n = batch.x.shape[0];
  const p = model.size;
  if (batch.x.ndim !== 2)
    throw new ShapeMismatchError("batch.x", `needs (N × features), got ${fmt(batch.x.shape)}`);
  const g = checkOut(out, n, p);
  const tape: LinearRecord[] = [];
  const signals = withGradEnabled(true, () => {
    const loss = lossFn(model.forward(batch.x, { tape }), batch.y);
    if (loss.size !== 1) {
      throw new InvalidArgumentError("lossFn", `must return a scalar, got shape ${fmt(loss.shape)}`);
    }
    return gradients(
      loss,
      tape.map((r) => r.output),
    );
  });
  const params = model.parameters();
  const offsetOf = new Map<Tensor, number>(params.map((t, i) => [t, model.offsets[i]]));
  let covered = 0;
  for (let l = 0; l < tape.length; l++) {
    const { layer, input } = tape[l];
    if (!(layer instanceof Linear)) continue;
    const a = input.data;
    const s = signals[l].data;
    const fin = layer.inFeatures;
    const fout = layer.outFeatures;
    const wo = offsetOf.get(layer.weight)!;
    const bo = layer.bias ? offsetOf.get(layer.bias)! : -1;
    covered += fin * fout + (bo >= 0 ? fout : 0);
    for (let r = 0; r < n; r++) {
      const row = r * p;
      const ar = r * fin;
      const sr = r * fout;
      for (let i = 0; i < fin; i++) {
        const ai = a[ar + i] * n;
        const base = row + wo + i * fout;
        for (let j = 0; j < fout; j++) g[base + j] = ai * s[sr + j];
      }
      if (bo >= 0) for (let j = 0; j < fout; j++) g[row + bo + j] = n * s[sr + j];
    }
  }
  if (covered !== p) {
    throw new InvalidArgumentError(
      "model",
      `perSampleGradients handles linear layers only; ${p - covered} parameters are elsewhere`,
    );
  }
  return g;
}

/**
 * Reference implementation: N separate forward/backward passes, one per example (slow; any model
 * whose `forward` accepts a one-row batch). `takeY(y, i)` extracts example i's target.
 * @example
 * const G = perSampleGradientsLoop(model, softmaxCrossEntropy, { x, y }, (y, i) => y.subarray(i, i + 1));
 */
export function perSampleGradientsLoop<T>(
  model: Sequential,
  lossFn: LossFn<T>,
  batch: Batch<T>,
  takeY: (y: T, i: number) => T,
  out?: Float64Array,
): Float64Array {
  const n = batch.x.shape[0];
  const f = batch.x.shape[1];
  const p = model.size;
  const g = checkOut(out, n, p);
  const saved = Float64Array.from(model.flatGrad);
  for (let i = 0; i < n; i++) {
    model.zeroGrad();
    const xi = new Tensor(batch.x.data.subarray(i * f, (i + 1) * f), [1, f]);
    withGradEnabled(true, () => lossFn(model.forward(xi), takeY(batch.y, i)).backward());
    g.set(model.flatGrad, i * p);
  }
  model.flatGrad.set(saved);
  return g;
}
