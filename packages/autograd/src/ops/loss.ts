import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { isGradEnabled } from "../mode.js";
import { fmt, sameShape } from "../shape.js";
import { result, type Tensor } from "../tensor.js";
import { mul, scale, sub } from "./binary.js";
import { mean, sum } from "./reduce.js";

function rows(logits: Tensor, op: string): [number, number] {
  if (logits.ndim !== 2) {
    throw new ShapeMismatchError(
      "logits",
      `${op}: needs a 2-D (batch × classes) tensor, got ${fmt(logits.shape)}`,
    );
  }
  return [logits.shape[0], logits.shape[1]];
}

function softmaxValues(z: Float64Array, n: number, c: number): Float64Array {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) if (z[o + j] > mx) mx = z[o + j];
    let s = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(z[o + j] - mx);
      out[o + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < c; j++) out[o + j] *= inv;
  }
  return out;
}

/**
 * Row-wise softmax of a (batch × classes) tensor, shifted by the row maximum for stability.
 * @example
 * softmax(tensor([0, 0], [1, 2])); // [[0.5, 0.5]]
 */
export function softmax(logits: Tensor): Tensor {
  const [n, c] = rows(logits, "softmax");
  const p = softmaxValues(logits.data, n, c);
  const y: Tensor = result(p, logits.shape, "softmax", [logits], (g) => {
    // dz = y ⊙ (g − Σⱼ gⱼ yⱼ) per row
    if (!isGradEnabled()) {
      const gd = g.data;
      const d = new Float64Array(n * c);
      for (let i = 0; i < n; i++) {
        const o = i * c;
        let s = 0;
        for (let j = 0; j < c; j++) s += gd[o + j] * p[o + j];
        for (let j = 0; j < c; j++) d[o + j] = p[o + j] * (gd[o + j] - s);
      }
      return [result(d, logits.shape, "softmax'", [], () => [])];
    }
    return [mul(y, sub(g, sum(mul(g, y), 1, true)))];
  });
  return y;
}

/**
 * Checks class labels: integers in [0, classes), one per row.
 * @throws InvalidArgumentError naming `labels` and the first bad entry.
 * @example
 * checkLabels(Int32Array.of(0, 2), 2, 3, "myLoss"); // ok
 */
export function checkLabels(labels: ArrayLike<number>, n: number, c: number, op: string): void {
  if (labels.length !== n) {
    throw new ShapeMismatchError("labels", `${op}: ${labels.length} labels for ${n} rows of logits`);
  }
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < c)) {
      throw new InvalidArgumentError(
        "labels",
        `${op}: labels[${i}] = ${y} is not a class index in [0, ${c})`,
      );
    }
  }
}

/**
 * Mean (or summed) cross-entropy of softmax(logits) against integer labels, fused and stable:
 * loss = (1/N) Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ]. Gradient (softmax − one-hot)/N; differentiable twice.
 * @example
 * softmaxCrossEntropy(tensor([0, 0], [1, 2]), Int32Array.of(1)); // log 2
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  labels: ArrayLike<number>,
  options: { reduction?: "mean" | "sum" } = {},
): Tensor {
  const [n, c] = rows(logits, "softmaxCrossEntropy");
  checkLabels(labels, n, c, "softmaxCrossEntropy");
  const factor = (options.reduction ?? "mean") === "mean" ? 1 / n : 1;
  const z = logits.data;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) if (z[o + j] > mx) mx = z[o + j];
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(z[o + j] - mx);
    total += mx + Math.log(s) - z[o + labels[i]];
  }
  const out = new Float64Array([total * factor]);
  return result(out, [], "softmaxCrossEntropy", [logits], (g) => {
    if (!isGradEnabled()) {
      const d = softmaxValues(z, n, c);
      for (let i = 0; i < n; i++) d[i * c + labels[i]] -= 1;
      const s = g.data[0] * factor;
      for (let k = 0; k < d.length; k++) d[k] *= s;
      return [result(d, logits.shape, "softmaxCrossEntropy'", [], () => [])];
    }
    const onehot = new Float64Array(n * c);
    for (let i = 0; i < n; i++) onehot[i * c + labels[i]] = 1;
    const diff = sub(
      softmax(logits),
      result(onehot, logits.shape, "oneHot", [], () => []),
    );
    return [mul(scale(diff, factor), g)];
  });
}

/**
 * Mean squared error mean((pred − target)²) over all elements.
 * @example
 * mse(tensor([1, 2]), tensor([1, 4])); // 2
 */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (pred.size !== target.size) {
    throw new ShapeMismatchError(
      "target",
      `mse: prediction ${fmt(pred.shape)} and target ${fmt(target.shape)} differ`,
    );
  }
  const t = sameShape(target.shape, pred.shape) ? target : target.reshape(pred.shape);
  return mean(sub(pred, t).pow(2));
}
