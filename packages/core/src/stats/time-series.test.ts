import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { crossSpectrum } from "../spectra/cross-spectrum.js";
import { BatchMeans, meanSe } from "./batch-means.js";
import { timeAsymmetry } from "./time-asymmetry.js";

/** u_{t+1} = a·R(θ)·u_t + s·ξ_t in 2-D: stationary covariance σ²I with σ² = s²/(1 − a²); A_01(τ) = 2σ²aᵗ sin(θτ). */
function rotatingAr(n: number, a: number, theta: number, s: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const u = new Float64Array(2 * n);
  const c = a * Math.cos(theta);
  const sn = a * Math.sin(theta);
  const sd = s / Math.sqrt(1 - a * a);
  let x = sd * rng.normal();
  let y = sd * rng.normal();
  for (let t = 0; t < n; t++) {
    u[2 * t] = x;
    u[2 * t + 1] = y;
    const nx = c * x - sn * y + s * rng.normal();
    y = sn * x + c * y + s * rng.normal();
    x = nx;
  }
  return u;
}

describe("meanSe and BatchMeans", () => {
  it("meanSe is the mean and the sample standard deviation / √n", () => {
    const r = meanSe([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 15);
    expect(() => meanSe([1])).toThrow(InvalidArgumentError);
  });

  it("BatchMeans of independent normals: the standard error is 1/√n within its own sampling error", () => {
    const rng = createRng(11);
    const n = 40_000;
    const bm = new BatchMeans(40, 1);
    for (let t = 0; t < n; t++) bm.add(Math.floor(t / (n / 40)), [rng.normal()]);
    const e = bm.estimate(0);
    // |mean| ≤ 5/√n; the SE of 40 block means has relative sampling error 1/√(2·39) ≈ 0.11: allow 0.4.
    expect(Math.abs(e.mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(e.se * Math.sqrt(n)).toBeGreaterThan(0.6);
    expect(e.se * Math.sqrt(n)).toBeLessThan(1.4);
  });
});

describe("timeAsymmetry", () => {
  it("a deterministic rotation by θ per step sweeps A_01(1) = sin θ exactly", () => {
    const n = 5000;
    const theta = (2 * Math.PI) / 50; // 100 whole turns: the series' mean is 0 to round-off
    const u = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      u[2 * t] = Math.cos(theta * t);
      u[2 * t + 1] = Math.sin(theta * t);
    }
    const a = timeAsymmetry(u, n, 2, 1, 20);
    // cos(θt)sin(θ(t+1)) − sin(θt)cos(θ(t+1)) = sin θ for every t; the centring by a mean of ~1e-16
    // and the summation leave round-off of order n·ε.
    expect(a.mean[1]).toBeAllclose(Math.sin(theta), { rtol: 1e-12, atol: 0 });
    expect(a.mean[2]).toBe(-a.mean[1]);
    expect(a.se[1]).toBeLessThan(1e-12);
  });

  it("a rotating AR(1) matches A_01(τ) = 2σ²aᵗ sin(θτ) within 5 standard errors at several lags", () => {
    const [a, theta, s] = [0.95, 0.15, 1];
    const n = 400_000;
    const u = rotatingAr(n, a, theta, s, 3);
    const sigma2 = (s * s) / (1 - a * a);
    for (const lag of [1, 5, 20]) {
      const r = timeAsymmetry(u, n, 2, lag, 40);
      const exact = 2 * sigma2 * a ** lag * Math.sin(theta * lag);
      // 40 blocks of 10⁴ steps, each ≫ the correlation time 1/(1 − a) = 20: the batch-means SE is valid.
      expect(Math.abs(r.mean[1] - exact)).toBeLessThan(5 * r.se[1]);
      expect(Math.abs(exact)).toBeGreaterThan(10 * r.se[1]); // and the test has power
    }
  });

  it("a reversible process (no rotation) has |A|/SE consistent with N(0, 1)", () => {
    const n = 200_000;
    const u = rotatingAr(n, 0.9, 0, 1, 5);
    const r = timeAsymmetry(u, n, 2, 3, 20);
    // |z| > 4.5 has probability 7e-6 under N(0,1); with 20 blocks the t(19) tail is still < 1e-3.
    expect(Math.abs(r.mean[1] / r.se[1])).toBeLessThan(4.5);
  });

  it("names bad arguments", () => {
    expect(() => timeAsymmetry(new Float64Array(10), 5, 2, 0)).toThrow(InvalidArgumentError);
    expect(() => timeAsymmetry(new Float64Array(9), 5, 2, 1)).toThrow(ShapeMismatchError);
    expect(() => timeAsymmetry(new Float64Array(20), 10, 2, 1, 20)).toThrow(/n/);
  });
});

describe("crossSpectrum", () => {
  it("(cos, sin) at a Fourier frequency: co-spectrum 0 and quadrature −(power) in that bin, exactly", () => {
    const len = 256;
    const k0 = 16;
    const segs = 4;
    const x = new Float64Array(len * segs);
    const y = new Float64Array(len * segs);
    for (let t = 0; t < x.length; t++) {
      x[t] = Math.cos((2 * Math.PI * k0 * t) / len);
      y[t] = Math.sin((2 * Math.PI * k0 * t) / len);
    }
    const s = crossSpectrum(x, y, { segments: segs });
    const p = crossSpectrum(x, x, { segments: segs });
    // The periodic Hann window's DFT has three non-zero bins, so the tone at −k0 does not leak into
    // bin k0 (k0 ≥ 2): y = cos(ωt − π/2) gives conj(X)·Y = −i|X|² there, to round-off.
    expect(s.co[k0]).toBeAllclose(0, { atol: 1e-12 * p.co[k0], rtol: 0 });
    expect(s.quad[k0]).toBeAllclose(-p.co[k0], { rtol: 1e-12, atol: 0 });
    expect(p.quad[k0]).toBe(0);
    expect(s.frequencies[k0]).toBe(k0 / len);
  });

  it("density scaling: the co-spectrum of white noise integrates to its variance", () => {
    const rng = createRng(2);
    const n = 1 << 16;
    const x = Float64Array.from({ length: n }, () => 2 * rng.normal());
    const s = crossSpectrum(x, x, { segments: 32, dt: 0.5 });
    let integral = 0;
    const df = s.frequencies[1];
    for (let k = 1; k < s.co.length; k++) integral += s.co[k] * df;
    // Variance 4; the integral over 32·1024 bins of a χ² estimate has relative error ≈ 1/√(n/2) ≈ 0.6%.
    expect(integral).toBeAllclose(4, { rtol: 0.03, atol: 0 });
  });

  it("a rotating AR(1): band-averaged quadrature spectrum matches −2Σ_τ A_01(τ) sin(2πfτ) within 5 SE", () => {
    const [a, theta, s] = [0.9, 0.3, 1];
    const n = 1 << 19;
    const u = rotatingAr(n, a, theta, s, 7);
    const x = Float64Array.from({ length: n }, (_, t) => u[2 * t]);
    const y = Float64Array.from({ length: n }, (_, t) => u[2 * t + 1]);
    const segs = 128;
    const r = crossSpectrum(x, y, { segments: segs });
    const sigma2 = (s * s) / (1 - a * a);
    const exact = (f: number) => {
      let v = 0;
      for (let tau = 1; tau < 400; tau++)
        v += 2 * sigma2 * a ** tau * Math.sin(theta * tau) * Math.sin(2 * Math.PI * f * tau);
      return -2 * v; // one-sided
    };
    // Bands of 64 bins: the per-bin estimates are nearly independent across bins, so a band's SE is
    // the root-mean-square of the bins' SE / √64; the Hann window's smoothing bias is O((1/L)²·S'')
    // with L = 4096 ≫ the correlation time 10, far below that SE.
    const w = 64;
    for (let b0 = 1; b0 + w < r.quad.length; b0 += w) {
      let m = 0;
      let e2 = 0;
      let ex = 0;
      for (let k = b0; k < b0 + w; k++) {
        m += r.quad[k] / w;
        e2 += (r.quadSe[k] * r.quadSe[k]) / (w * w);
        ex += exact(r.frequencies[k]) / w;
      }
      expect(Math.abs(m - ex)).toBeLessThan(5 * Math.sqrt(e2));
    }
  });

  it("names bad arguments", () => {
    expect(() => crossSpectrum([1, 2, 3], [1, 2])).toThrow(ShapeMismatchError);
    expect(() => crossSpectrum(new Float64Array(100), new Float64Array(100), { segments: 1 })).toThrow(
      /segments/,
    );
    expect(() => crossSpectrum(new Float64Array(10), new Float64Array(10), { segments: 4 })).toThrow(/x/);
  });
});
