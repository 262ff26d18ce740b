import { createRng } from "@langevin/core";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  flatLoss,
  grad,
  hessianOperator,
  hvp,
  lanczos,
  mlp,
  randn,
  type ScalarFn,
  softmaxCrossEntropy,
  Tensor,
  tensor,
  valueAndGrad,
} from "./index.js";

/** A smooth non-quadratic test function of 6 variables touching most ops. */
const f: ScalarFn = (x) => {
  const a = x.reshape([2, 3]);
  const m = a.matmul(a.transpose()); // 2×2
  return m
    .tanh()
    .sum()
    .add(a.exp().mul(0.1).sum())
    .add(a.sigmoid().mul(a).sum())
    .add(a.softplus().pow(2).mean());
};

describe("grad and hvp", () => {
  it("grad nests: d/dx of d/dx x³ = 6x", () => {
    const d2 = grad((x) => grad((y) => y.pow(3).sum())(x).sum());
    // exact arithmetic up to one rounding
    expect(d2(tensor([1.5, -2])).data).toBeAllclose([9, -12], { rtol: 1e-15 });
    expect(valueAndGrad((x) => x.mul(x).sum())([1, 2]).gradient).toBeAllclose([2, 4], { rtol: 0 });
  });

  it("hvp matches central differences of gradients", () => {
    const rng = createRng(3);
    const x = randn([6], rng).data;
    const v = randn([6], rng).data;
    const hv = hvp(f, x, v);
    const g = valueAndGrad(f);
    const h = 1e-5;
    const xp = x.map((xi, i) => xi + h * v[i]);
    const xm = x.map((xi, i) => xi - h * v[i]);
    const gp = g(xp).gradient;
    const gm = g(xm).gradient;
    const fd = gp.map((a, i) => (a - gm[i]) / (2 * h));
    // Central difference: truncation O(h²‖∇³f‖) ≈ 1e-10, round-off O(ε/h) ≈ 1e-11 → 1e-6 is safe.
    const err = Math.max(...hv.map((a, i) => Math.abs(a - fd[i]))) / Math.max(...fd.map(Math.abs));
    expect(err).toBeLessThan(1e-6);
  });

  it("the Hessian operator of an MLP loss is symmetric and matches differences of gradients", () => {
    const model = mlp([3, 4, 2], "tanh", createRng(4));
    const x = randn([8, 3], createRng(5));
    const y = Int32Array.from({ length: 8 }, (_, i) => i % 2);
    const loss = flatLoss(model, softmaxCrossEntropy, { x, y });
    const theta = Float64Array.from(model.flat);
    const H = hessianOperator(loss, theta);
    const rng = createRng(6);
    const u = randn([model.size], rng).data;
    const v = randn([model.size], rng).data;
    const hu = H(u);
    const hv = H(v);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, ai, i) => s + ai * b[i], 0);
    // uᵀHv = vᵀHu exactly in exact arithmetic; round-off of P = 26 products.
    expect(dot(u, hv)).toBeAllclose(dot(v, hu), { rtol: 1e-12 });
    const g = valueAndGrad(loss);
    const h = 1e-5;
    const gp = g(theta.map((t, i) => t + h * v[i])).gradient;
    const gm = g(theta.map((t, i) => t - h * v[i])).gradient;
    const fd = gp.map((a, i) => (a - gm[i]) / (2 * h));
    // as above: O(h²) truncation, O(ε/h) round-off
    const err = Math.max(...hv.map((a, i) => Math.abs(a - fd[i]))) / Math.max(...fd.map(Math.abs));
    expect(err).toBeLessThan(1e-6);
  });
});

function denseEigenvalues(a: Float64Array, n: number): Float64Array {
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return Float64Array.from(e.realEigenvalues).sort();
}

describe("lanczos", () => {
  it("finds the extreme eigenvalues of a known quadratic's Hessian to 1e-8", () => {
    const n = 80;
    const rng = createRng(7);
    // A = Q diag(λ) Qᵀ with Q from Gram–Schmidt on a Gaussian matrix; λ: a bulk in [0, 1] and
    // outliers −2 and 5, the shape of a loss Hessian's spectrum.
    const lambda = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    lambda[0] = -2;
    lambda[n - 1] = 5;
    const q = randn([n, n], rng).data;
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < i; r++) {
        let d = 0;
        for (let j = 0; j < n; j++) d += q[i * n + j] * q[r * n + j];
        for (let j = 0; j < n; j++) q[i * n + j] -= d * q[r * n + j];
      }
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j] ** 2;
      for (let j = 0; j < n; j++) q[i * n + j] /= Math.sqrt(s);
    }
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += q[k * n + i] * lambda[k] * q[k * n + j];
        a[i * n + j] = s;
      }
    const A = new Tensor(a, [n, n]);
    const quad: ScalarFn = (x) =>
      x
        .reshape([1, n])
        .matmul(A)
        .matmul(x.reshape([n, 1]))
        .mul(0.5)
        .sum();
    const r = lanczos(hessianOperator(quad, new Float64Array(n)), n, 30, createRng(8));
    // 30 steps for outliers separated from the bulk by gaps of 2 and 4: Kaniel–Paige bounds give
    // errors far below 1e-8; the rest is round-off of O(n ε ‖A‖).
    expect(r.values[0]).toBeAllclose(-2, { atol: 1e-8 });
    expect(r.values[r.steps - 1]).toBeAllclose(5, { atol: 1e-8 });
    expect(r.residuals[0]).toBeLessThan(1e-8);
  });

  it("matches the dense eigen-decomposition of a small MLP's Hessian to 1e-6", () => {
    const model = mlp([4, 6, 3], "tanh", createRng(9));
    const x = randn([20, 4], createRng(10));
    const y = Int32Array.from({ length: 20 }, (_, i) => i % 3);
    const loss = flatLoss(model, softmaxCrossEntropy, { x, y });
    const p = model.size;
    const H = hessianOperator(loss, model.flat);
    const dense = new Float64Array(p * p);
    const e = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      e.fill(0);
      e[j] = 1;
      const col = H(e);
      for (let i = 0; i < p; i++) dense[i * p + j] = col[i];
    }
    const ev = denseEigenvalues(dense, p);
    const r = lanczos(H, p, 40, createRng(11));
    // Ritz values of 40 steps on P = 51 with full reorthogonalisation; the extremes have converged
    // to round-off (their residual bounds are checked too).
    expect(r.values[0]).toBeAllclose(ev[0], { atol: 1e-6 });
    expect(r.values[r.steps - 1]).toBeAllclose(ev[p - 1], { atol: 1e-6 });
    expect(r.residuals[r.steps - 1]).toBeLessThan(1e-6);
  });
});
