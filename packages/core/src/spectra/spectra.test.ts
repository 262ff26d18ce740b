import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { autocorrelation } from "./autocorrelation.js";
import { powerSpectrum } from "./power-spectrum.js";

/** Direct O(n²) biased autocorrelation of the mean-removed series. */
function directAcf(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  const y = x.map((v) => v - m);
  const c = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += y[t] * y[t + k];
    c[k] = s / n;
  }
  const c0 = c[0];
  return c.map((v) => v / c0);
}

/** Direct O(n²) DFT at k = 0..⌊n/2⌋, twiddles from an exact (t·k mod n) table. */
function directPeriodogram(x: Float64Array, dt: number): Float64Array {
  const n = x.length;
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    cos[j] = Math.cos((2 * Math.PI * j) / n);
    sin[j] = Math.sin((2 * Math.PI * j) / n);
  }
  const kmax = Math.floor(n / 2);
  const p = new Float64Array(kmax + 1);
  for (let k = 0; k <= kmax; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const j = (t * k) % n;
      re += x[t] * cos[j];
      im -= x[t] * sin[j];
    }
    p[k] = ((k === 0 || 2 * k === n ? 1 : 2) * dt * (re * re + im * im)) / n;
  }
  return p;
}

/** An AR(1) series (correlated, so the acf is not ~0 beyond lag 0), plus an offset. */
function ar1(n: number, seed: number): Float64Array {
  const z = createRng(seed).fillNormal(new Float64Array(n));
  const x = new Float64Array(n);
  let v = 0;
  for (let t = 0; t < n; t++) {
    v = 0.9 * v + z[t];
    x[t] = 3 + v;
  }
  return x;
}

describe("autocorrelation", () => {
  for (const n of [1000, 1024, 4097]) {
    it(`equals the direct O(n²) sum to 1e-10 for n = ${n}`, () => {
      const x = ar1(n, n);
      const fast = autocorrelation(x);
      expect(fast.length).toBe(n);
      expect(fast[0]).toBe(1);
      // FFT round-off is ~eps·log2(N) relative to c_0, far below the brief's 1e-10
      expect(fast).toBeAllclose(directAcf(x, n - 1), { atol: 1e-10 });
    });
  }

  it("maxLag truncates; white noise stays within 4/√n; bad input throws", () => {
    const n = 4096;
    const acf = autocorrelation(createRng(8).fillNormal(new Float64Array(n)), 20);
    expect(acf.length).toBe(21);
    // sd of ρ_k for white noise is ~1/√n; 4 sd
    for (let k = 1; k <= 20; k++) expect(Math.abs(acf[k])).toBeLessThan(4 / Math.sqrt(n));
    expect(() => autocorrelation([1, 1, 1])).toThrow(/constant/);
    expect(() => autocorrelation([1, 2, 3], 3)).toThrow(InvalidArgumentError);
    expect(() => autocorrelation([])).toThrow(InvalidArgumentError);
  });
});

describe("powerSpectrum", () => {
  for (const n of [1000, 1024, 4097, 7]) {
    it(`equals the direct periodogram for n = ${n}, with Parseval`, () => {
      const dt = 0.1;
      const x = ar1(n, 100 + n);
      const { frequencies, power } = powerSpectrum(x, { dt });
      const direct = directPeriodogram(x, dt);
      expect(power.length).toBe(Math.floor(n / 2) + 1);
      const pmax = Math.max(...direct);
      // Bluestein/FFT round-off ~ eps·log2(N)·Σ|x|², relative to the largest bin: 1e-10 of it is generous
      expect(power).toBeAllclose(direct, { atol: 1e-10 * pmax });
      expect(frequencies[1]).toBeAllclose(1 / (n * dt), { rtol: 1e-15 });
      let ms = 0;
      for (const v of x) ms += (v * v) / n;
      let integral = 0;
      for (const p of power) integral += p / (n * dt);
      expect(integral).toBeAllclose(ms, { rtol: 1e-12 }); // Parseval, round-off only
    });
  }

  it("a sinusoid puts A²/2 / Δf into its bin; detrend removes the mean", () => {
    const dt = 0.01;
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, t) => 7 + Math.sin(2 * Math.PI * 5 * t * dt));
    const raw = powerSpectrum(x, { dt });
    const d = powerSpectrum(x, { dt, detrend: true });
    expect(d.frequencies[50]).toBeAllclose(5, { rtol: 1e-15 }); // 50/(n·dt) = 5, one rounding
    expect(d.power[50]).toBeAllclose(0.5 / 0.1, { rtol: 1e-10 }); // exact bin: leakage-free up to round-off
    expect(d.power[0]).toBeLessThan(1e-20);
    expect(raw.power[0]).toBeAllclose(49 * n * dt, { rtol: 1e-10 }); // |X_0|² dt/n = (7n)² dt/n
    expect(() => powerSpectrum([1])).toThrow(InvalidArgumentError);
    expect(() => powerSpectrum([1, 2], { dt: 0 })).toThrow(/dt/);
  });
});
