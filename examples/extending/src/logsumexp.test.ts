import { gradCheck, hvp, log, reshape, sum, tensor, exp as texp } from "@langevin/autograd";
import { createRng } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { logsumexp } from "./logsumexp.js";

const N = 3;
const K = 4;
const x0 = createRng(5).fillNormal(new Float64Array(N * K));

/** Σᵢ wᵢ · logsumexp(x)ᵢ with fixed weights, so every row's gradient and Hessian are exercised. */
const weights = [0.7, -1.3, 2.1];
const f = (x: Parameters<typeof logsumexp>[0]) => {
  const y = logsumexp(reshape(x, [N, K]));
  return sum(y.mul(tensor(weights, [N])));
};

describe("logsumexp, an op written outside the package", () => {
  it("equals log(sum(exp(x))) of the package's own ops, and stays finite where exp overflows", () => {
    const x = tensor(Array.from(x0), [N, K]);
    for (let i = 0; i < N; i++) {
      const row = tensor(Array.from(x0.subarray(i * K, (i + 1) * K)), [K]);
      // Two roundings of log and a few of the sum: 1e-15 relative.
      expect(logsumexp(x).data[i]).toBeAllclose(log(sum(texp(row))).item(), { rtol: 1e-15, atol: 1e-15 });
    }
    const big = logsumexp(tensor([1000, 1000, 999], [1, 3])).item();
    expect(big).toBeAllclose(1000 + Math.log(2 + Math.exp(-1)), { rtol: 1e-15 });
    expect(logsumexp(tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], [1, 2])).item()).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(() => logsumexp(tensor([1, 2], [2]))).toThrow(/x: logsumexp needs a 2-D tensor/);
  });

  it("its gradient passes gradCheck and is the weighted softmax", () => {
    const r = gradCheck(f, x0);
    // Central differences with h = 1e-5: truncation O(h²) ≈ 1e-10 and round-off O(ε/h) ≈ 1e-11.
    expect(r.relError).toBeLessThan(1e-8);
    for (let i = 0; i < N; i++) {
      let z = 0;
      for (let j = 0; j < K; j++) z += Math.exp(x0[i * K + j]);
      for (let j = 0; j < K; j++)
        expect(r.analytic[i * K + j]).toBeAllclose((weights[i] * Math.exp(x0[i * K + j])) / z, {
          rtol: 1e-14,
        });
    }
  });

  it("hvp differentiates it twice: H = Σᵢ wᵢ (diag(pᵢ) − pᵢpᵢᵀ), block-diagonal by row", () => {
    const v = createRng(6).fillNormal(new Float64Array(N * K));
    const hv = hvp(f, x0, v);
    const expected = new Float64Array(N * K);
    for (let i = 0; i < N; i++) {
      let z = 0;
      for (let j = 0; j < K; j++) z += Math.exp(x0[i * K + j]);
      const p = Array.from({ length: K }, (_, j) => Math.exp(x0[i * K + j]) / z);
      const pv = p.reduce((s, pj, j) => s + pj * v[i * K + j], 0);
      for (let j = 0; j < K; j++) expected[i * K + j] = weights[i] * (p[j] * v[i * K + j] - p[j] * pv);
    }
    // Exact arithmetic on both sides up to a few roundings per entry (|H| ≤ 2.1).
    expect(hv).toBeAllclose(expected, { rtol: 1e-13, atol: 1e-14 });
  });
});
