import { describe, expect, it } from "vitest";
import { brownianEnds, finePaths, reportedSlope, runOnFinePath } from "../../test/helpers.js";
import { sdeProblem } from "../problem.js";
import { eulerMaruyama } from "./euler-maruyama.js";
import { heun } from "./heun.js";
import { milstein } from "./milstein.js";
import { sra1 } from "./sra1.js";
import type { Scheme } from "./types.js";

// Higham (SIAM Review 2001): GBM dX = λX dt + μX dW, X0 = 1, T = 1, λ = 2, μ = 1;
// one fine Brownian path per sample (dt = 2^-9), reused at h = R·dt for R = 1, 2, 4, 8, 16.
const lambda = 2;
const mu = 1;
const gbm = (calculus: "ito" | "stratonovich") =>
  sdeProblem({
    dim: 1,
    noise: "diagonal",
    calculus,
    x0: [1],
    drift: (_t, x, out, n) => {
      for (let k = 0; k < n; k++) out[k] = lambda * x[k];
    },
    diffusion: (_t, x, out, n) => {
      for (let k = 0; k < n; k++) out[k] = mu * x[k];
    },
    diffusionDerivative: (_t, _x, out, n) => {
      out.fill(mu, 0, n);
    },
  });

const N = 512;
const dt = 1 / N;
const Rs = [1, 2, 4, 8, 16];
const hs = Rs.map((r) => r * dt);

/** Mean over paths of |X_h(T) − exact(W_T)| at every R. */
function strongErrors(
  problem: ReturnType<typeof gbm>,
  scheme: Parameters<typeof runOnFinePath>[1],
  exact: (wT: number) => number,
  M: number,
  seed: number,
) {
  const fine = finePaths(seed, M, N, dt);
  const wT = brownianEnds(fine, M, N);
  return Rs.map((R) => {
    const x = runOnFinePath(problem, scheme, fine, M, N, dt, R);
    let e = 0;
    for (let p = 0; p < M; p++) e += Math.abs(x[p] - exact(wT[p]));
    return e / M;
  });
}

const itoExact = (w: number) => Math.exp(lambda - 0.5 * mu * mu + mu * w);
const stratExact = (w: number) => Math.exp(lambda + mu * w);

// M = 1000 samples as in Higham; the ±0.15 band on the fitted slope is the tolerance: with
// a fixed seed the fit is deterministic, and 1000 samples put the error of each mean |error|
// at a few per cent, i.e. ~0.05 in slope over a 16× range of h.
const GBM_PATHS = 1000;

/**
 * Strong errors of `scheme` on GBM in `calculus` against its exact solution, and the fitted slope
 * of log(error) against log(h) (printed as `label` with SDE_REPORT=1).
 */
function gbmOrder(label: string, calculus: "ito" | "stratonovich", scheme: Scheme, seed: number) {
  const err = strongErrors(
    gbm(calculus),
    scheme,
    calculus === "ito" ? itoExact : stratExact,
    GBM_PATHS,
    seed,
  );
  return { slope: reportedSlope(label, hs, err), err };
}

describe("strong order (Higham's test)", () => {
  it("Euler–Maruyama has strong order 0.5 on GBM", () => {
    const { slope } = gbmOrder("slope EM", "ito", eulerMaruyama, 101);
    expect(slope).toBeAllclose(0.5, { atol: 0.15 });
  });
  it("Milstein with the supplied derivative has strong order 1 on GBM", () => {
    const { slope } = gbmOrder("slope Milstein supplied", "ito", milstein({ derivative: "supplied" }), 102);
    expect(slope).toBeAllclose(1, { atol: 0.15 });
  });
  it("Milstein by finite difference (derivative-free) has strong order 1 on GBM", () => {
    const scheme = milstein({ derivative: "finite-difference" });
    const { slope } = gbmOrder("slope Milstein finite-difference", "ito", scheme, 103);
    expect(slope).toBeAllclose(1, { atol: 0.15 });
  });
  it("Milstein in Stratonovich form (½σσ'ΔW², no −h) has strong order 1 to exp(λT + μW_T)", () => {
    const { slope } = gbmOrder("slope Milstein Stratonovich", "stratonovich", milstein(), 108);
    expect(slope).toBeAllclose(1, { atol: 0.15 });
  });
  it("stochastic Heun converges with order 1 to the Stratonovich GBM solution exp(λT + μW_T)", () => {
    const { slope, err } = gbmOrder("slope Heun", "stratonovich", heun, 104);
    expect(slope).toBeAllclose(1, { atol: 0.15 });
    // and not to the Itô solution: their gap e^{λ+μW}(1 − e^{−μ²/2}) is O(1), far above the error at h = dt
    const fine = finePaths(104, 200, N, dt);
    const x = runOnFinePath(gbm("stratonovich"), heun, fine, 200, N, dt, 1);
    const wT = brownianEnds(fine, 200, N);
    let gapIto = 0;
    for (let p = 0; p < 200; p++) gapIto += Math.abs(x[p] - itoExact(wT[p])) / 200;
    expect(gapIto).toBeGreaterThan(20 * err[0]);
  });

  it("Milstein has strong order 1 for 2-D scalar noise (rotation) with the Jacobian or by finite difference", () => {
    // dx = λx dt + Bx dW, B = μ[[0, −1], [1, 0]] commutes with λI and B² = −μ²I, so (Itô)
    // x_T = e^{(λ + μ²/2)T} R(μW_T) x0 with R the rotation by the angle μW_T.
    const lam = -0.5;
    const mu2 = 1;
    const rot = sdeProblem({
      dim: 2,
      noise: "scalar",
      x0: [1, 0],
      drift: (_t, x, out, n) => {
        for (let j = 0; j < 2 * n; j++) out[j] = lam * x[j];
      },
      diffusion: (_t, x, out, n) => {
        for (let k = 0; k < n; k++) {
          out[2 * k] = -mu2 * x[2 * k + 1];
          out[2 * k + 1] = mu2 * x[2 * k];
        }
      },
      diffusionDerivative: (_t, _x, out, n) => {
        for (let k = 0; k < n; k++) out.set([0, -mu2, mu2, 0], 4 * k);
      },
    });
    const M = 500;
    const fine = finePaths(107, M, N, dt);
    const wT = brownianEnds(fine, M, N);
    for (const derivative of ["supplied", "finite-difference"] as const) {
      const err = Rs.map((R) => {
        const x = runOnFinePath(rot, milstein({ derivative }), fine, M, N, dt, R);
        let e = 0;
        for (let p = 0; p < M; p++) {
          const g = Math.exp(lam + 0.5 * mu2 * mu2);
          e += Math.hypot(x[2 * p] - g * Math.cos(mu2 * wT[p]), x[2 * p + 1] - g * Math.sin(mu2 * wT[p]));
        }
        return e / M;
      });
      // same ±0.15 band as Higham's test (M = 500 samples, fixed seed)
      expect(reportedSlope(`slope ${derivative}`, hs, err)).toBeAllclose(1, { atol: 0.15 });
    }
  });

  it("SRA1 has strong order 1.5 on an additive-noise problem with a closed form", () => {
    // du = sin(y) dt, dy = dW, u0 = y0 = 0: y_T = W_T and u_T = ∫_0^T sin(W_s) ds, a functional of the
    // path evaluated on a fine grid (δ = 2^-12) from the exact fine (ΔW, ΔZ) with a second-order
    // expansion: Σ sin(W_k)δ + cos(W_k)ΔZ_k − ¼ sin(W_k)δ², whose error O(δ^{3/2}) ≈ 2e-5 is far
    // below SRA1's error at the smallest coarse step (≈ h^{3/2} with h = 2^-7, ≈ 1e-3).
    const problem = sdeProblem({
      dim: 2,
      noiseDim: 1,
      noise: "additive",
      diffusion: [0, 1],
      x0: [0, 0],
      drift: (_t, x, out, n) => {
        for (let k = 0; k < n; k++) {
          out[2 * k] = Math.sin(x[2 * k + 1]);
          out[2 * k + 1] = 0;
        }
      },
    });
    const Nf = 4096;
    const df = 1 / Nf;
    const M = 300;
    const fine = finePaths(105, M, Nf, df, true);
    const exact = new Float64Array(M);
    for (let p = 0; p < M; p++) {
      let w = 0;
      let u = 0;
      for (let k = 0; k < Nf; k++) {
        const s = Math.sin(w);
        u += s * df + Math.cos(w) * fine.dZ[p * Nf + k] - 0.25 * s * df * df;
        w += fine.dW[p * Nf + k];
      }
      exact[p] = u;
    }
    const R2 = [32, 64, 128, 256, 512]; // h = 2^-7 .. 2^-3
    const err = R2.map((R) => {
      const x = runOnFinePath(problem, sra1, fine, M, Nf, df, R, true);
      let e = 0;
      for (let p = 0; p < M; p++) e += Math.abs(x[2 * p] - exact[p]);
      return e / M;
    });
    const slope = reportedSlope(
      "slope SRA1",
      R2.map((r) => r * df),
      err,
    );
    expect(slope).toBeAllclose(1.5, { atol: 0.15 });
  });
});

describe("weak order", () => {
  it("Euler–Maruyama has weak order 1 for the GBM mean E X_T = e^{λT}", () => {
    // Control variate: E[X_h − X(W)] = E X_h − e^{λT} with the exact X(W) on the same path, so the
    // Monte Carlo error is that of the strong error (~√h), not of X_T (sd ≈ 9.7). With M = 20000 the
    // standard error is < 5% of the weak error (≈ 2λ²h/2·e^{λT}) at every h; slope tolerance ±0.15.
    const M = 20000;
    const Nw = 256;
    const dw = 1 / Nw;
    const fine = finePaths(106, M, Nw, dw);
    const wT = brownianEnds(fine, M, Nw);
    const R3 = [2, 4, 8, 16];
    const err = R3.map((R) => {
      const x = runOnFinePath(gbm("ito"), eulerMaruyama, fine, M, Nw, dw, R);
      let e = 0;
      for (let p = 0; p < M; p++) e += x[p] - itoExact(wT[p]);
      return Math.abs(e / M);
    });
    const slope = reportedSlope(
      "weak slope EM",
      R3.map((r) => r * dw),
      err,
    );
    expect(slope).toBeAllclose(1, { atol: 0.15 });
  });
});
