import { covariance, createRng, symmetricEigen } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { expectPerSampleMatchesLoop, maxAbs } from "../test/persample-check.js";
import {
  batches,
  diffusionSpectrum,
  gradientCovariance,
  gradientGram,
  mlp,
  mse,
  noGrad,
  numericalRank,
  perSampleGradients,
  perSampleGradientsLoop,
  randn,
  softmaxCrossEntropy,
  type Tensor,
  tensor,
} from "./index.js";

describe("perSampleGradients", () => {
  it("equals N separate backward passes (classification, tanh)", () => {
    const model = mlp([5, 7, 6, 3], "tanh", createRng(1));
    const n = 17;
    const x = randn([n, 5], createRng(2));
    const y = Int32Array.from({ length: n }, (_, i) => (i * 7) % 3);
    // …and they average to the full-batch gradient.
    expectPerSampleMatchesLoop(model, softmaxCrossEntropy, { x, y }, (yy, i) => yy.subarray(i, i + 1), true);
  });

  it("equals N separate backward passes (regression, relu)", () => {
    const model = mlp([3, 8, 2], "relu", createRng(3));
    const n = 9;
    const x = randn([n, 3], createRng(4));
    const target = randn([n, 2], createRng(5));
    expectPerSampleMatchesLoop(model, mse, { x, y: target }, (t: Tensor, i) =>
      tensor(t.data.subarray(i * 2, i * 2 + 2), [1, 2]),
    );
  });
});

describe("perSampleGradients in chunks", () => {
  it("cuts tensor targets into chunks of rows (40 = 16, then 24 for this narrow net) and passes other targets whole", () => {
    const model = mlp([3, 5, 2], "tanh", createRng(40));
    const n = 40;
    const x = randn([n, 3], createRng(41));
    const target = randn([n, 2], createRng(42));
    const batched = perSampleGradients(model, mse, { x, y: target });
    const loop = perSampleGradientsLoop(model, mse, { x, y: target }, (t: Tensor, i) =>
      tensor(t.data.subarray(i * 2, i * 2 + 2), [1, 2]),
    );
    // as above: round-off only
    expect(batched).toBeAllclose(loop, { atol: 1e-13 * maxAbs(loop), rtol: 1e-12 });
    // A target the function cannot cut (an object): one pass over all 40 rows, the same numbers.
    const wrapped = { t: target };
    const lossOf = (out: Tensor, y: { t: Tensor }) => mse(out, y.t);
    const whole = perSampleGradients(model, lossOf, { x, y: wrapped });
    expect(whole).toBeAllclose(loop, { atol: 1e-13 * maxAbs(loop), rtol: 1e-12 });
  });
});

describe("gradientCovariance", () => {
  const model = mlp([4, 5, 3], "tanh", createRng(6));
  const n = 40;
  const p = model.size;
  const x = randn([n, 4], createRng(7));
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const g = perSampleGradients(model, softmaxCrossEntropy, { x, y });
  const d = gradientCovariance(g, n, p);

  it("equals (1/N) Σ gᵢgᵢᵀ − ḡḡᵀ, is symmetric and positive semi-definite", () => {
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += g[i * p + j] / n;
    const direct = new Float64Array(p * p);
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += g[i * p + a] * g[i * p + b];
        direct[a * p + b] = s / n - mean[a] * mean[b];
      }
    // The textbook form cancels: its error is ~ε·max|gᵢgᵢᵀ|, the scale of the atol.
    expect(d).toBeAllclose(direct, { atol: 1e-14 * maxAbs(g) ** 2 * 10, rtol: 1e-10 });
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) expect(d[a * p + b]).toBe(d[b * p + a]);
    // …and core's streaming (Welford) covariance with ddof = 0 agrees to round-off
    expect(d).toBeAllclose(covariance(g, n, p, 0), { atol: 1e-14 * maxAbs(g) ** 2 * 10, rtol: 1e-10 });
    const { values } = symmetricEigen(d, p);
    // PSD up to the round-off of an eigen-solver on a matrix of norm λmax: −P·ε·λmax.
    expect(values[0]).toBeGreaterThan(-p * 2.3e-16 * values[p - 1]);
    // Centred rows span at most N − 1 = 39 dimensions and P = 43, so the lowest P − 39 eigenvalues
    // vanish (to round-off relative to λmax).
    expect(p).toBe(43);
    expect(Math.abs(values[p - (n - 1) - 1])).toBeLessThan(1e-12 * values[p - 1]);
  });

  it("the centred Gram matrix has the same non-zero spectrum", () => {
    const k = gradientGram(g, n, p);
    const ek = symmetricEigen(k, n).values;
    const ed = symmetricEigen(d, p).values;
    // the top n − 1 eigenvalues agree (the Gram matrix of centred rows has one more zero)
    // to round-off relative to λmax
    expect(ek.subarray(1)).toBeAllclose(ed.subarray(p - (n - 1)), { atol: 1e-12 * ed[p - 1] });
  });
});

describe("D(x) is the covariance of mini-batch gradients (Chaudhari & Soatto, Def. 1 and Remark 12)", () => {
  const model = mlp([3, 6, 3], "tanh", createRng(20));
  const n = 60;
  const p = model.size;
  const x = randn([n, 3], createRng(21));
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const g = perSampleGradients(model, softmaxCrossEntropy, { x, y });
  const d = gradientCovariance(g, n, p);
  let trD = 0;
  for (let i = 0; i < p; i++) trD += d[i * p + i];
  const full = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) full[j] += g[i * p + j] / n;

  /** Mean and standard error of ‖∇f_b − ∇f‖² over many batches. */
  function spread(replacement: boolean, b: number): { mean: number; se: number } {
    const rng = createRng(22, replacement ? 1 : 2);
    const vals: number[] = [];
    const gb = new Float64Array(p);
    for (let e = 0; e < 400; e++) {
      for (const idx of batches(n, b, rng, { replacement, dropLast: true })) {
        gb.fill(0);
        for (const i of idx) for (let j = 0; j < p; j++) gb[j] += g[i * p + j] / b;
        let s = 0;
        for (let j = 0; j < p; j++) s += (gb[j] - full[j]) ** 2;
        vals.push(s);
      }
    }
    const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (vals.length - 1));
    return { mean, se: sd / Math.sqrt(vals.length) };
  }

  it("with replacement: E‖∇f_b − ∇f‖² = tr D / b", () => {
    const b = 6;
    const { mean, se } = spread(true, b);
    // 4000 batches; 4 standard errors of the sample mean
    expect(Math.abs(mean - trD / b)).toBeLessThan(4 * se);
  });

  it("without replacement: E‖∇f_b − ∇f‖² = (tr D / b)(N − b)/(N − 1)", () => {
    const b = 20;
    const { mean, se } = spread(false, b);
    const expected = (trD / b) * ((n - b) / (n - 1));
    // 1200 batches; 4 standard errors. The with-replacement value is 1.5× larger: far outside.
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    expect(Math.abs(mean - trD / b)).toBeGreaterThan(4 * se);
  });

  it("diffusionSpectrum takes the smaller side and numericalRank thresholds at λmax·d·ε32", () => {
    const viaD = diffusionSpectrum(g, n, p); // P = 45 < N = 60: dense D
    const viaGram = diffusionSpectrum(g.subarray(0, 20 * p), 20, p); // N = 20 < P: Gram matrix
    expect(viaD.length).toBe(p);
    expect(viaGram.length).toBe(20);
    expect(viaD[0]).toBe(symmetricEigen(d, p).values[p - 1]); // same matrix, same solver, reversed
    // rank ≤ min(P, N − 1); the 20-row Gram has at most 19 non-zero eigenvalues
    expect(numericalRank(viaGram, p)).toBeLessThanOrEqual(19);
    expect(numericalRank(Float64Array.of(1, 1e-3, 1e-12), 1000)).toBe(2);
  });
});

describe("perSampleGradients inside noGrad", () => {
  it("still records the graph it needs", () => {
    const model = mlp([2, 3, 2], "tanh", createRng(30));
    const x = randn([4, 2], createRng(31));
    const y = Int32Array.of(0, 1, 1, 0);
    const outside = perSampleGradients(model, softmaxCrossEntropy, { x, y });
    const inside = noGrad(() => perSampleGradients(model, softmaxCrossEntropy, { x, y }));
    expect(inside).toEqual(outside);
    expect(outside.some((v) => v !== 0)).toBe(true);
  });
});
