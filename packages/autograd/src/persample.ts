import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { gradients } from "./engine.js";
import { withGradEnabled } from "./mode.js";
import type { TapeRecord } from "./nn/layers.js";
import type { Sequential } from "./nn/sequential.js";
import { fmt, sizeOf } from "./shape.js";
import { Tensor } from "./tensor.js";

/** A batch: inputs (N × features, or N × C × H × W) and targets (labels or a tensor with N rows). */
export interface Batch<T> {
  /** Inputs, one example per row (first axis). */
  x: Tensor;
  /** Targets: labels or a tensor, as the loss expects. */
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
 * Examples per forward/backward pass: the first pass takes 16, the next ones as many as keep the
 * largest recorded activation near 2¹⁶ doubles (512 KB, cache-sized). A LeNet (4 608 activations
 * per image) stays at 16, 4× faster than 1 000 images at once; a small MLP takes the rest of the
 * batch in one pass, where per-op overhead, not memory, is the cost.
 */
const FIRST_CHUNK = 16;
const CHUNK_ELEMENTS = 1 << 16;

/** Rows start..end-1 of a batch's targets, when they are a typed array, an array or a tensor. */
function rowsOf<T>(y: T, n: number, start: number, end: number): T | undefined {
  if (y instanceof Tensor) {
    if (y.ndim === 0 || y.shape[0] !== n) return undefined;
    const row = y.size / n;
    return new Tensor(y.data.subarray(start * row, end * row), [end - start, ...y.shape.slice(1)]) as T;
  }
  if (ArrayBuffer.isView(y) && !(y instanceof DataView)) {
    return (y as unknown as Int32Array).subarray(start, end) as T;
  }
  if (Array.isArray(y)) return y.slice(start, end) as T;
  return undefined;
}

/**
 * The N × P matrix (row-major) of per-example gradients gᵢ = ∇θ fᵢ for a `Sequential` whose layers
 * treat examples independently (linear and convolutional layers, activations, pooling, flatten).
 * Per chunk of examples (16, or more while the activations stay cache-sized), one batched forward
 * and one backward pass to the outputs Zₗ of the layers with parameters; then each such layer writes every example's gradient from its recorded
 * input and its signal n·∂L/∂zₙ (the factor n, the chunk's size, undoes the batch mean of
 * `lossFn`): for a linear layer the outer product of input row and signal, for a convolution the
 * signal times the example's im2col matrix. Targets that are neither a typed array, an array nor a
 * tensor with N rows are passed whole (one chunk).
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
  const rest = batch.x.shape.slice(1);
  const f = sizeOf(rest);
  let chunk = rowsOf(batch.y, n, 0, Math.min(n, FIRST_CHUNK)) === undefined ? n : FIRST_CHUNK;
  for (let start = 0, end = 0; start < n; start = end) {
    end = Math.min(n, start + chunk);
    const whole = start === 0 && end === n;
    const x = whole ? batch.x : new Tensor(batch.x.data.subarray(start * f, end * f), [end - start, ...rest]);
    const y = whole ? batch.y : (rowsOf(batch.y, n, start, end) as T);
    const widest = perSampleChunk(model, lossFn, x, y, g.subarray(start * p, end * p));
    if (start === 0) chunk = Math.max(chunk, Math.floor(CHUNK_ELEMENTS / Math.max(widest, 1)));
  }
  return g;
}

/** One pass over a chunk; returns the largest recorded activation per example. */
function perSampleChunk<T>(model: Sequential, lossFn: LossFn<T>, x: Tensor, y: T, g: Float64Array): number {
  const n = x.shape[0];
  const p = model.size;
  const tape: TapeRecord[] = [];
  const signals = withGradEnabled(true, () => {
    const loss = lossFn(model.forward(x, { tape }), y);
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
  let widest = 0;
  for (let l = 0; l < tape.length; l++) {
    const record = tape[l];
    widest = Math.max(widest, record.output.size / Math.max(n, 1));
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
  return widest;
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
