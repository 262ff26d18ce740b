import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { gradients } from "./engine.js";
import { withGradEnabled } from "./mode.js";
import type { TapeRecord } from "./nn/layers.js";
import type { Sequential } from "./nn/sequential.js";
import { fmt, sizeOf } from "./shape.js";
import { Tensor } from "./tensor.js";

/** A batch: inputs (N × features, or N × C × H × W) and targets (labels or a tensor with N rows). */
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
 * The N × P matrix (row-major) of per-example gradients gᵢ = ∇θ fᵢ for a `Sequential` whose layers
 * treat examples independently (linear and convolutional layers, activations, pooling, flatten).
 * One batched forward and one backward pass to the outputs Zₗ of the layers with parameters; then
 * each such layer writes every example's gradient from its recorded input and its signal
 * N·∂L/∂zₙ (the factor N undoes the batch mean of `lossFn`): for a linear layer the outer product
 * of input row and signal, for a convolution the signal times the example's im2col matrix.
 * @example
 * const G = perSampleGradients(model, softmaxCrossEntropy, { x, y }); // N·P
 */
export function perSampleGradients<T>(
  model: Sequential,
  lossFn: LossFn<T>,
  batch: Batch<T>,
  out?: Float64Array,
): Float64Array {
  if (batch.x.ndim < 2)
    throw new ShapeMismatchError(
      "batch.x",
      `needs a batch dimension and features, got ${fmt(batch.x.shape)}`,
    );
  const n = batch.x.shape[0];
  const p = model.size;
  const g = checkOut(out, n, p);
  const tape: TapeRecord[] = [];
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
    const record = tape[l];
    const layer = record.layer;
    if (typeof layer.perSampleGradients !== "function") {
      throw new InvalidArgumentError(
        "model",
        `perSampleGradients: layer ${model.layers.indexOf(layer)} (${layer.constructor.name}) has parameters but no perSampleGradients rule`,
      );
    }
    const own = layer.parameters();
    const offsets = own.map((t) => offsetOf.get(t)!);
    layer.perSampleGradients(record, signals[l], { out: g, rowLength: p, offsets, scale: n });
    for (const t of own) covered += t.size;
  }
  if (covered !== p) {
    throw new InvalidArgumentError(
      "model",
      `perSampleGradients: ${p - covered} parameters belong to layers that did not record themselves on the tape`,
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
  const rest = batch.x.shape.slice(1);
  const f = sizeOf(rest);
  const p = model.size;
  const g = checkOut(out, n, p);
  const saved = Float64Array.from(model.flatGrad);
  for (let i = 0; i < n; i++) {
    model.zeroGrad();
    const xi = new Tensor(batch.x.data.subarray(i * f, (i + 1) * f), [1, ...rest]);
    withGradEnabled(true, () => lossFn(model.forward(xi), takeY(batch.y, i)).backward());
    g.set(model.flatGrad, i * p);
  }
  model.flatGrad.set(saved);
  return g;
}
