import {
  accuracy,
  diffusionSpectrum,
  noGrad,
  numericalRank,
  perSampleGradients,
  type Sequential,
  softmaxCrossEntropy,
  Tensor,
  takeRows,
} from "@langevin/autograd";
import type { Rng } from "@langevin/core";

const FLOAT32_EPS = 2 ** -23;

/** The spectrum of D at one point of training, with the paper's statistics. */
export interface DSpectrum {
  at: string;
  /** The P eigenvalues of D, descending (zeros beyond min(N, P)). */
  eigenvalues: Float64Array;
  /** Numerical rank with the paper's tolerance λmax·d·ε_float32. */
  rank: number;
  rankFraction: number;
  mean: number;
  std: number;
  lambdaMax: number;
  /** (tr D)² / tr(D²): how many directions carry the noise. */
  effectiveRank: number;
  /** Examples whose centred gradient alone exceeds the rank tolerance: ‖gᵢ − ḡ‖²/N > λmax·d·ε_float32. */
  activeExamples: number;
  /** Training loss and accuracy over the examples D was computed from. */
  loss: number;
  accuracy: number;
  n: number;
}

/**
 * The spectrum of D = (1/N)Σ gᵢgᵢᵀ − ḡḡᵀ from N per-example gradients (G, N × P row-major), through
 * the smaller of D and the centred Gram matrix, with the paper's statistics.
 */
export function spectrumFromGradients(
  G: Float64Array,
  n: number,
  P: number,
  at: string,
): Omit<DSpectrum, "loss" | "accuracy"> {
  const values = diffusionSpectrum(G, n, P);
  const ev = new Float64Array(P);
  for (let i = 0; i < values.length; i++) ev[i] = Math.max(0, values[i]);
  const lambdaMax = ev[0];
  const tol = lambdaMax * P * FLOAT32_EPS; // numericalRank's threshold, for the examples below
  const rank = numericalRank(ev, P, FLOAT32_EPS);
  let tr = 0;
  let tr2 = 0;
  for (const v of ev) {
    tr += v;
    tr2 += v * v;
  }
  const mean = tr / P;
  let s = 0;
  for (const v of ev) s += (v - mean) ** 2;
  // Per-example centred gradient norms: each example adds (gᵢ − ḡ)(gᵢ − ḡ)ᵀ/N, a rank-one term of
  // eigenvalue ‖gᵢ − ḡ‖²/N; examples below the tolerance cannot lift D's numerical rank alone.
  const gbar = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) gbar[j] += G[i * P + j] / n;
  let active = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let j = 0; j < P; j++) q += (G[i * P + j] - gbar[j]) ** 2;
    if (q / n > tol) active++;
  }
  return {
    at,
    eigenvalues: ev,
    rank,
    rankFraction: rank / P,
    mean,
    std: Math.sqrt(s / P),
    lambdaMax,
    effectiveRank: (tr * tr) / tr2,
    activeExamples: active,
    n,
  };
}

/** D's spectrum from exact per-example gradients of `model` on the N rows of `x` (shape `[N, ...input]`). */
export function spectrumOfD(
  model: Sequential,
  x: Tensor,
  y: Int32Array,
  classes: number,
  at: string,
): DSpectrum {
  const n = x.shape[0];
  const G = perSampleGradients(model, softmaxCrossEntropy, { x, y });
  const logits = noGrad(() => model.forward(x));
  const loss = noGrad(() => softmaxCrossEntropy(logits, y)).data[0];
  return {
    ...spectrumFromGradients(G, n, model.size, at),
    loss,
    accuracy: accuracy(logits.data, classes, y),
  };
}

/**
 * The finite-sample null of "D is isotropic": the same estimator on N gradients drawn from an
 * isotropic law of the same trace, gᵢ ~ N(0, (tr D/P)·I). With N < P even this D has rank N − 1, so
 * it is the fair comparison for a rank measured from N examples.
 */
export function isotropicSpectrum(trD: number, n: number, P: number, rng: Rng): DSpectrum {
  const G = rng.fillNormal(new Float64Array(n * P));
  const sd = Math.sqrt(trD / P);
  for (let i = 0; i < G.length; i++) G[i] *= sd;
  return {
    ...spectrumFromGradients(G, n, P, "isotropic, same trace and N"),
    loss: Number.NaN,
    accuracy: Number.NaN,
  };
}

/** The rows `idx` of a row-major (n × features) array as a tensor of shape [|idx|, ...input]. */
export function rowsAsInput(
  x: Float64Array,
  features: number,
  idx: ArrayLike<number>,
  input: number[],
): Tensor {
  return new Tensor(takeRows(x, features, idx).data, [idx.length, ...input]);
}
