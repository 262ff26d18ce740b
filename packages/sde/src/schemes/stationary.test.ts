import { lyapunov } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { ouProblem } from "../../test/helpers.js";
import { moments } from "../observers/moments.js";
import { fromPotential } from "../potential.js";
import { sdeProblem } from "../problem.js";
import { solveSync } from "../solve.js";
import { underdamped } from "../underdamped.js";
import { baoab } from "./baoab.js";
import { eulerMaruyama } from "./euler-maruyama.js";
import { sgd, sgdTemperature } from "./sgd.js";
import { sra1 } from "./sra1.js";

describe("stationary laws", () => {
  it("Euler–Maruyama's stationary OU variance is the discrete value σ²/(θ(2 − θh))", () => {
    // dX = −θX dt + σ dW with θ = 1, σ = 1, h = 0.2: the EM recursion X' = (1 − θh)X + σ√h z has
    // stationary variance σ²/(θ(2 − θh)) = 0.5556, 11% above the SDE's σ²/(2θ) = 0.5.
    const theta = 1;
    const sigma = 1;
    const h = 0.2;
    const ou = ouProblem({ theta, sigma });
    const M = 20000;
    const r = solveSync(ou, {
      scheme: eulerMaruyama,
      dt: h,
      t1: 20,
      paths: M,
      seed: 7,
      observers: { m: moments() },
    });
    const v = r.observers.m.variance[0][0];
    const expected = (sigma * sigma) / (theta * (2 - theta * h));
    // transient (1 − θh)^{200} ≈ 4e-20 is gone; sampling: sd of a sample variance = v·sqrt(2/(M−1)), 4 sd
    expect(v).toBeAllclose(expected, { rtol: 4 * Math.sqrt(2 / (M - 1)) });
    // and the continuous value is excluded at this sample size (it is 10 sd away)
    expect(Math.abs(v - 0.5)).toBeGreaterThan(4 * expected * Math.sqrt(2 / (M - 1)));
  });

  it("SRA1's stationary OU variance is its exact discrete value, O(h²) from σ²/(2θ)", () => {
    // For f = −θx, SRA1 reads x' = a x + σ√h z₁ − ½θh^{3/2}σ(z₁ + z₂/√3), a = 1 − θh + θ²h²/2, so
    // var = σ²h((1 − θh/2)² + (θh/2)²/3)/(1 − a²): 0.4786 at θ = 1, σ = 1, h = 0.5 (continuous 0.5).
    const theta = 1;
    const h = 0.5;
    const ou = ouProblem({ theta });
    const a = 1 - theta * h + (theta * h) ** 2 / 2;
    const expected = (h * ((1 - (theta * h) / 2) ** 2 + (theta * h) ** 2 / 12)) / (1 - a * a);
    const M = 20000;
    const r = solveSync(ou, { scheme: sra1, dt: h, t1: 30, paths: M, seed: 8, observers: { m: moments() } });
    // transient a^{120} ≈ 4e-25; sampling: 4 sd of a sample variance
    expect(r.observers.m.variance[0][0]).toBeAllclose(expected, { rtol: 4 * Math.sqrt(2 / (M - 1)) });
  });

  it("a 2-D linear SDE dx = Ax dt + B dW reaches Σ solving AΣ + ΣAᵀ + BBᵀ = 0", () => {
    const A = [-1, 2, 0, -0.5];
    const B = [0.5, 0, 0.3, 0.4];
    const problem = sdeProblem({
      dim: 2,
      noise: "additive",
      diffusion: B,
      noiseDim: 2,
      x0: [1, 1],
      drift: (_t, x, out, n) => {
        for (let k = 0; k < n; k++) {
          const a = x[2 * k];
          const b = x[2 * k + 1];
          out[2 * k] = A[0] * a + A[1] * b;
          out[2 * k + 1] = A[2] * a + A[3] * b;
        }
      },
    });
    // stationary covariance from core's Lyapunov solver: AΣ + ΣAᵀ + BBᵀ = 0
    const Q = [B[0] * B[0] + B[1] * B[1], B[0] * B[2] + B[1] * B[3], 0, B[2] * B[2] + B[3] * B[3]];
    Q[2] = Q[1];
    const sigma = lyapunov(A, Q, 2);
    const M = 10000;
    const r = solveSync(problem, {
      scheme: sra1,
      dt: 0.05,
      t1: 12,
      paths: M,
      seed: 11,
      observers: { m: moments() },
    });
    const cov = r.observers.m.covariance[0];
    // Sampling sd of a sample covariance entry: sqrt((Σii Σjj + Σij²)/(M − 1)); 4 sd. SRA1 has weak
    // order 2, so its stationary bias O(h²) ≈ 2.5e-3 relative stays well below that (≈ 1.5e-2);
    // the slowest transient, e^{−2·0.5·12} ≈ 6e-6, is gone.
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      const sd = Math.sqrt((sigma[i * 2 + i] * sigma[j * 2 + j] + sigma[i * 2 + j] ** 2) / (M - 1));
      if (process.env.SDE_REPORT) console.log("lyapunov", i, j, (cov[i * 2 + j] - sigma[i * 2 + j]) / sd);
      expect(cov[i * 2 + j]).toBeAllclose(sigma[i * 2 + j], { atol: 4 * sd });
    }
  });

  it("fromPotential with a matrix D: EM reaches its discrete stationary covariance 2TD/(2 − h)", () => {
    // f = |x|²/2, constant D (full matrix, so σ = sqrt(2T) chol(D) is general noise): the EM
    // recursion x' = (1 − h)x + sqrt(2Th) L z has stationary covariance 2ThD/(1 − (1 − h)²) = 2TD/(2 − h).
    const T = 0.3;
    const Dm = [1, 0.6, 0.6, 0.5];
    const problem = fromPotential({
      dim: 2,
      temperature: T,
      x0: [0, 0],
      gradient: (x, g) => {
        g[0] = x[0];
        g[1] = x[1];
      },
      diffusionMatrix: (_x, out) => out.set(Dm),
    });
    expect(problem.noise).toBe("general");
    const h = 0.05;
    const M = 10000;
    const r = solveSync(problem, {
      scheme: eulerMaruyama,
      dt: h,
      t1: 10,
      paths: M,
      seed: 13,
      observers: { m: moments() },
    });
    const cov = r.observers.m.covariance[0];
    const sigma = Dm.map((v) => (2 * T * v) / (2 - h));
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      // 4 sd of a sample covariance entry; transient (1 − h)^{400} ≈ 1e-9
      const sd = Math.sqrt((sigma[i * 2 + i] * sigma[j * 2 + j] + sigma[i * 2 + j] ** 2) / (M - 1));
      expect(cov[i * 2 + j]).toBeAllclose(sigma[i * 2 + j], { atol: 4 * sd });
    }
  });

  it("BAOAB samples the exact configurational variance k_BT/k of a harmonic well even at a large step", () => {
    const k = 4;
    const T = 0.5;
    const osc = underdamped({
      dim: 1,
      friction: 1,
      temperature: T,
      mass: 1,
      q0: [1],
      gradient: (q, g) => {
        g[0] = k * q[0];
      },
    });
    const M = 20000;
    const r = solveSync(osc, {
      scheme: baoab,
      dt: 0.4,
      t1: 40,
      paths: M,
      seed: 5,
      observers: { m: moments() },
    });
    const vq = r.observers.m.variance[0][0];
    // exact for BAOAB on a harmonic potential (Leimkuhler–Matthews); sampling 4 sd of a variance
    expect(vq).toBeAllclose(T / k, { rtol: 4 * Math.sqrt(2 / (M - 1)) });
    // the whole (q, p) covariance is that of the linear map BAOAB defines, x' = F x + G z, with
    // F, G composed here from the five sub-steps and Σ = FΣFᵀ + GGᵀ solved by fixed-point iteration
    const h = 0.4;
    const c1 = Math.exp(-1 * h);
    const c2 = Math.sqrt(T * (1 - c1 * c1));
    const mul = (a: number[], b: number[]) => [
      a[0] * b[0] + a[1] * b[2],
      a[0] * b[1] + a[1] * b[3],
      a[2] * b[0] + a[3] * b[2],
      a[2] * b[1] + a[3] * b[3],
    ];
    const Bs = [1, 0, (-h / 2) * k, 1]; // p −= (h/2) k q
    const As = [1, h / 2, 0, 1]; // q += (h/2) p
    const Os = [1, 0, 0, c1]; // p ← c1 p (+ c2 z)
    const F = mul(Bs, mul(As, mul(Os, mul(As, Bs))));
    const BA = mul(Bs, As); // the noise enters at O and then goes through A and B
    const G = [BA[1] * c2, BA[3] * c2];
    let S = [0, 0, 0, 0];
    for (let it = 0; it < 5000; it++) {
      const FS = mul(F, S);
      const FSFt = mul(FS, [F[0], F[2], F[1], F[3]]);
      S = [FSFt[0] + G[0] * G[0], FSFt[1] + G[0] * G[1], FSFt[2] + G[1] * G[0], FSFt[3] + G[1] * G[1]];
    }
    expect(S[0]).toBeAllclose(T / k, { rtol: 1e-12 }); // the derivation reproduces the exact q-variance
    const cov = r.observers.m.covariance[0];
    for (const [i, j] of [
      [0, 1],
      [1, 1],
    ]) {
      const sd = Math.sqrt((S[i * 2 + i] * S[j * 2 + j] + S[i * 2 + j] ** 2) / (M - 1)); // 4 sd of a sample covariance
      expect(cov[i * 2 + j]).toBeAllclose(S[i * 2 + j], { atol: 4 * sd });
    }
  });

  it("sgd is Euler–Maruyama on its SDE limit at β⁻¹ = η/(2b): same normals, same paths to round-off", () => {
    const grad = (x: Float64Array, g: Float64Array) => {
      g[0] = x[0] ** 3 - x[0] + 0.5 * x[1];
      g[1] = x[1] + 0.5 * x[0];
    };
    const D = (x: Float64Array, out: Float64Array) => {
      out[0] = 1 + x[0] * x[0];
      out[1] = 0.3 * x[0];
      out[2] = 0.3 * x[0];
      out[3] = 0.5;
    };
    const eta = 0.05;
    const b = 8;
    const temperature = sgdTemperature(eta, b);
    expect(temperature).toBe(eta / 16);
    const limit = fromPotential({ dim: 2, gradient: grad, diffusionMatrix: D, temperature, x0: [0.5, -0.5] });
    const opts = { dt: eta, t1: 100 * eta, paths: 50, seed: 3, observers: { m: moments() } };
    const a = solveSync(limit, { ...opts, scheme: sgd({ batchSize: b }) });
    const e = solveSync(limit, { ...opts, scheme: eulerMaruyama });
    // identical arithmetic up to the order of a few products: agreement to 1e-12 relative
    expect(a.observers.m.mean[0]).toBeAllclose(e.observers.m.mean[0], { rtol: 1e-12, atol: 1e-14 });
    expect(a.observers.m.covariance[0]).toBeAllclose(e.observers.m.covariance[0], {
      rtol: 1e-10,
      atol: 1e-14,
    });
  });
});
