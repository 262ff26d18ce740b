import { createRng } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { finePaths, reportedSlope, runOnFinePath } from "../../test/helpers.js";
import { sdeProblem } from "../problem.js";
import { heun } from "./heun.js";

// Kubo oscillator (Stratonovich): dq = i q (ω dt + σ ∘ dW), q = x + iy. |q| is conserved exactly.
const omega = 1;
const sigma = 1;
const kubo = sdeProblem({
  dim: 2,
  noise: "scalar",
  calculus: "stratonovich",
  x0: [1, 0],
  drift: (_t, x, out, n) => {
    for (let k = 0; k < n; k++) {
      out[2 * k] = -omega * x[2 * k + 1];
      out[2 * k + 1] = omega * x[2 * k];
    }
  },
  diffusion: (_t, x, out, n) => {
    for (let k = 0; k < n; k++) {
      out[2 * k] = -sigma * x[2 * k + 1];
      out[2 * k + 1] = sigma * x[2 * k];
    }
  },
});

describe("stochastic Heun on the Kubo oscillator", () => {
  const N = 256;
  const dt = 1 / N;
  const M = 2000;
  const fine = finePaths(21, M, N, dt);

  it("conserves |q| up to the trapezoid factor Π (1 + θ_k⁴/4)^{1/2}, θ_k = ωh + σΔW_k", () => {
    // Heun with a skew generator θJ gives q' = (1 + θJ − θ²/2) q, so |q'|² = (1 + θ⁴/4)|q|²:
    // this checks the scheme to round-off (1e-12 relative over 256 steps).
    const x = runOnFinePath(kubo, heun, fine, M, N, dt, 1);
    for (let p = 0; p < M; p += 97) {
      let expected = 1;
      for (let k = 0; k < N; k++) {
        const th = omega * dt + sigma * fine.dW[p * N + k];
        expected *= Math.sqrt(1 + th ** 4 / 4);
      }
      expect(Math.hypot(x[2 * p], x[2 * p + 1])).toBeAllclose(expected, { rtol: 1e-12 });
    }
  });

  it("the drift of |q| is first order in h: E|q_T| − 1 ≈ (T/8h) E θ⁴ ≈ 3σ⁴Th/8", () => {
    const dev = [4, 1].map((R) => {
      const h = R * dt;
      const x = runOnFinePath(kubo, heun, fine, M, N, dt, R);
      let s = 0;
      for (let p = 0; p < M; p++) s += Math.hypot(x[2 * p], x[2 * p + 1]) - 1;
      const predicted =
        (1 / (8 * h)) * ((omega * h) ** 4 + 6 * (omega * h) ** 2 * sigma ** 2 * h + 3 * sigma ** 4 * h * h);
      return { mean: s / M, predicted };
    });
    // per path, ½Σθ⁴/4 has sd ≈ 1.22 h^{3/2} (Var θ⁴ = 96σ⁸h⁴, N = 1/h terms) against a mean 3h/8:
    // over M = 2000 paths the relative sd of the mean is 3.3√h/√M ≤ 0.9%; 4 sd plus the O(h) ≈ 1.6%
    // terms dropped from the expansion of log(1 + θ⁴/4) and of the exponential give rtol 0.06.
    if (process.env.SDE_REPORT) console.log("kubo", JSON.stringify(dev));
    for (const { mean, predicted } of dev) expect(mean).toBeAllclose(predicted, { rtol: 0.06 });
    // first order: quartering h quarters the drift (ratio 4, each mean within 6%, so ±0.12)
    expect(dev[0].mean / dev[1].mean).toBeAllclose(4, { rtol: 0.12 });
  });
});

// Non-commuting noise (Stratonovich): dx = −a x dt + B1 x ∘ dW1 + B2 x ∘ dW2 with B1 = s·diag(1, −1)
// and B2 = s·[[0, 1], [1, 0]], which anticommute (B1B2 = −B2B1). B1² = B2² = s²I, so the Itô drift is
// (s² − a) x and E x_T = e^{(s² − a)T} x0 exactly, while reading the noise as Itô would give e^{−aT} x0.
describe("stochastic Heun with non-commuting noise", () => {
  const a = 1;
  const s = 0.5;
  const x0 = [1, 0.5];
  const problem = sdeProblem({
    dim: 2,
    noise: "general",
    noiseDim: 2,
    calculus: "stratonovich",
    x0,
    drift: (_t, x, out, n) => {
      for (let j = 0; j < 2 * n; j++) out[j] = -a * x[j];
    },
    diffusion: (_t, x, out, n) => {
      // row-major 2 × 2 per path: column j is B_j x
      for (let k = 0; k < n; k++) {
        const u = x[2 * k];
        const v = x[2 * k + 1];
        out[4 * k] = s * u;
        out[4 * k + 1] = s * v;
        out[4 * k + 2] = -s * v;
        out[4 * k + 3] = s * u;
      }
    },
  });
  const N = 512;
  const dt = 1 / N;
  const M = 4000;
  // fine increments dW[(p·N + k)·2 + j] of both Wiener processes, path p from stream p
  const dW = new Float64Array(M * N * 2);
  for (let p = 0; p < M; p++) {
    createRng(33, p).fillNormal(dW, p * N * 2, N * 2);
  }
  for (let i = 0; i < dW.length; i++) dW[i] *= Math.sqrt(dt);

  /** Heun with step R·dt on the fine paths: final states (M × 2). */
  function run(R: number): Float64Array {
    const stepper = heun.init(problem, M);
    const x = new Float64Array(M * 2);
    for (let p = 0; p < M; p++) problem.initial(p, x, 2 * p);
    const z = new Float64Array(M * 2);
    const h = R * dt;
    stepper.begin?.(0, x, M);
    for (let q = 0; q < N / R; q++) {
      for (let p = 0; p < M; p++) {
        for (let j = 0; j < 2; j++) {
          let w = 0;
          for (let r = 0; r < R; r++) w += dW[(p * N + q * R + r) * 2 + j];
          z[2 * p + j] = w / Math.sqrt(h);
        }
      }
      stepper.step(q * h, h, x, z, M);
    }
    return x;
  }
  const fine = run(1);

  it("has strong order 0.5 (no Lévy areas), not the order 1 it has for commuting noise", () => {
    // Reference: the same scheme on the finest grid (h = 2⁻⁹). If coarse and fine errors were
    // independent, E|x_R − x_1| ∝ √(R − 1) and the fitted slope over R = 4…32 would be 0.56; the ±0.15
    // band of the strong-order tests holds it away from 1, the slope Heun shows for commuting noise.
    const Rs = [4, 8, 16, 32];
    const err = Rs.map((R) => {
      const x = run(R);
      let e = 0;
      for (let p = 0; p < M; p++) e += Math.hypot(x[2 * p] - fine[2 * p], x[2 * p + 1] - fine[2 * p + 1]);
      return e / M;
    });
    const h = Rs.map((R) => R * dt);
    expect(reportedSlope("slope Heun non-commuting", h, err)).toBeAllclose(0.5, { atol: 0.15 });
  });

  it("its mean tends to the Stratonovich mean e^{(s²−a)T}x0, not the Itô one e^{−aT}x0", () => {
    // Tolerance: 5 standard errors of the sample mean plus the weak bias at h = 2⁻⁷, estimated by
    // Richardson as |m(h) − m(2h)| for a first-order weak method.
    const mean = (x: Float64Array, i: number) => {
      let m = 0;
      for (let p = 0; p < M; p++) m += x[2 * p + i];
      return m / M;
    };
    const xh = run(4);
    const x2h = run(8);
    for (let i = 0; i < 2; i++) {
      const m = mean(xh, i);
      let v = 0;
      for (let p = 0; p < M; p++) v += (xh[2 * p + i] - m) ** 2;
      const se = Math.sqrt(v / (M - 1) / M);
      const tol = 5 * se + Math.abs(m - mean(x2h, i));
      const strat = Math.exp(s * s - a) * x0[i];
      const ito = Math.exp(-a) * x0[i];
      if (process.env.SDE_REPORT) console.log("heun non-commuting mean", i, m, strat, ito, tol);
      expect(Math.abs(m - strat)).toBeLessThan(tol);
      expect(Math.abs(m - ito)).toBeGreaterThan(tol); // the test tells the two readings apart
    }
  });
});
