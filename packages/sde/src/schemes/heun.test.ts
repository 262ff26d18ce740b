import { describe, expect, it } from "vitest";
import { finePaths, runOnFinePath } from "../../test/helpers.js";
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
