import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { ksPValue, ksStatistic } from "../stats/kolmogorov-smirnov.js";
import { normalCdf } from "../stats/normal-cdf.js";
import { fillNormalFromState } from "./normal.js";
import { createRng } from "./rng.js";
import { createStreamBank } from "./streams.js";
import { zigFastBound, zigX } from "./ziggurat.js";

describe("normals: distribution (10⁷ draws)", () => {
  const n = 10_000_000;
  const z = createRng(2024, 3).fillNormal(new Float64Array(n));

  it("pass a Kolmogorov–Smirnov test against Φ", () => {
    const d = ksStatistic(z, normalCdf);
    // 1.95/√n is the 99.9% point of the Kolmogorov distribution (Q(1.949) = 0.001), and a
    // correct generator gives p > 1e-3 with probability 0.999 for this fixed seed.
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    expect(ksPValue(d, n)).toBeGreaterThan(1e-3);
  });

  it("match the first four moments within 5 standard errors", () => {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i];
      const v2 = v * v;
      s1 += v;
      s2 += v2;
      s3 += v2 * v;
      s4 += v2 * v2;
    }
    const m = s1 / n;
    const variance = s2 / n - m * m;
    const skew = s3 / n / variance ** 1.5;
    const exKurt = s4 / n / (variance * variance) - 3;
    // Standard errors of the sample moments of N(0,1): mean 1/√n, variance √(2/n),
    // skewness √(6/n), excess kurtosis √(24/n); 5 of them (two-sided p ≈ 6e-7 per moment).
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(skew)).toBeLessThan(5 * Math.sqrt(6 / n));
    expect(Math.abs(exKurt)).toBeLessThan(5 * Math.sqrt(24 / n));
  });

  it("put the right mass in the far tails (the ziggurat's base strip beyond R = 3.654)", () => {
    // P(|Z| > 3.6541528853610088) = 2.58e-4: ~2580 expected, Poisson sd ~51; 5 sd
    const r = 3.6541528853610088;
    const p = 2 * normalCdf(-r);
    let c = 0;
    for (let i = 0; i < n; i++) if (Math.abs(z[i]) > r) c++;
    expect(Math.abs(c - n * p)).toBeLessThan(5 * Math.sqrt(n * p));
  });
});

describe("normals: one 32-bit word each", () => {
  it("a fast-path normal is (j + ½)·x_layer·2⁻²³ from exactly one word; the slow share matches the tables", () => {
    // From the tables, a uniform word takes the slow branch with probability
    // p = Σ_i (1 − 2·fastBound[i]/2²⁴)/256; the count over n draws is binomial: 5 SE bound.
    let p = 0;
    for (let i = 0; i < 256; i++) p += (1 - (2 * zigFastBound[i]) / 2 ** 24) / 256;
    expect(p).toBeGreaterThan(0.005); // a 256-layer ziggurat rejects ~1%
    expect(p).toBeLessThan(0.02);
    const n = 200_000;
    const a = createRng(11, 2);
    const b = createRng(11, 2); // advanced one word per draw, and resynchronised after slow draws
    let slow = 0;
    for (let k = 0; k < n; k++) {
      const z = a.normal();
      const r = b.nextUint32() | 0;
      const j = r >> 8;
      const fast = (j ^ (j >> 31)) < zigFastBound[r & 255];
      if (fast) {
        if (z !== (j + 0.5) * zigX[r & 255] * 2 ** -23) expect.fail(`draw ${k}: ${z} is not on the grid`);
        if (!a.state.every((w, i) => w === b.state[i])) expect.fail(`draw ${k} used more than one word`);
      } else {
        slow++;
        b.state.set(a.state);
      }
    }
    expect(Math.abs(slow - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
  });
});

describe("streams", () => {
  it("two streams of one seed are uncorrelated, |ρ| < 4/√n", () => {
    const n = 1_000_000;
    for (const [a, b] of [
      [0, 1],
      [5, 6],
      [0, 1_000_000],
    ]) {
      const x = createRng(7, a).fillNormal(new Float64Array(n));
      const y = createRng(7, b).fillNormal(new Float64Array(n));
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < n; i++) {
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
        syy += y[i] * y[i];
      }
      // under independence ρ̂ has sd 1/√n: 4 sd
      expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(4 / Math.sqrt(n));
    }
    // neighbouring seeds too, and seed 0 stream 1 vs seed 1 stream 0 (no (seed, stream) symmetry)
    const u = createRng(0, 1).fillNormal(new Float64Array(1000));
    const v = createRng(1, 0).fillNormal(new Float64Array(1000));
    expect(Array.from(u)).not.toEqual(Array.from(v));
  });

  it("stream bank path k equals createRng(seed, first + k), however the draws are chunked", () => {
    const bank = createStreamBank(99, 1000, 5);
    for (let k = 0; k < 5; k++) {
      const ref = createRng(99, 1000 + k).fillNormal(new Float64Array(10));
      const got = new Float64Array(10);
      bank.fillNormal(k, got, 0, 3);
      bank.fillNormal(k, got, 3, 1);
      bank.fillNormal(k, got, 4, 6);
      expect(Array.from(got)).toEqual(Array.from(ref));
    }
    const ru = createRng(99, 1002);
    ru.fillNormal(new Float64Array(10));
    expect(bank.uniform(2)).toBe(ru.uniform());
  });

  it("normal() one at a time equals fillNormal, and clone() continues identically", () => {
    const a = createRng(3, 4);
    const b = createRng(3, 4);
    const fill = a.fillNormal(new Float64Array(100_000));
    for (let i = 0; i < fill.length; i++) if (b.normal() !== fill[i]) expect.fail(`differs at ${i}`);
    const c = b.clone();
    expect(c.normal()).toBe(b.normal());
    expect(c.nextUint32()).toBe(b.nextUint32());
  });
});

describe("bit-exact pinned stream of createRng(42, 0)", () => {
  // These literals define the stream forever: changing them breaks every stored seed. They were
  // cross-checked against an independent Python re-implementation of the seed hash, xoshiro128** and
  // the ziggurat fast path (uint32s identical; normals equal to 1 ulp, the ulp coming from libm vs
  // V8's fdlibm in the table's exp/log). The normals were re-pinned (and re-checked the same way)
  // when a normal went from two words to one. V8's Math.exp/log are its own fdlibm port, identical on
  // every platform, so the values are bit-exact wherever Node runs.
  it("first uint32s", () => {
    const r = createRng(42, 0);
    const got = Array.from({ length: 8 }, () => r.nextUint32());
    expect(got).toEqual([
      922719686, 1988033317, 4083365031, 4194419356, 2788973794, 580675883, 3314284944, 3973185873,
    ]);
  });

  it("first normals", () => {
    const r = createRng(42, 0);
    expect(Array.from(r.fillNormal(new Float64Array(8)))).toEqual([
      0.45141448648564975, 2.1517286039866064, -0.1254533060639932, -0.0630933761848105, -0.5637817573871208,
      0.6076864305487083, -0.6520403257375088, -0.28142868599624365,
    ]);
  });

  it("first uniforms, ints and a bigint seed", () => {
    const r = createRng(42, 0);
    expect([r.uniform(), r.uniform(), r.uniform(), r.uniform()]).toEqual([
      0.21483742045518062, 0.9507325140877765, 0.6493585641324455, 0.7716670999309377,
    ]);
    const q = createRng(42, 7);
    expect([q.int(1000), q.int(1000), q.int(1000), q.int(1000)]).toEqual([54, 5, 809, 354]);
    expect(Array.from(createRng(2n ** 64n - 1n, 12345678901234n).fillNormal(new Float64Array(3)))).toEqual([
      // the third is a slow-path draw (wedge test), so the pin covers that branch too
      1.3677087402401713, 0.4171139542389328, 0.11147733877159875,
    ]);
  });

  it("the raw kernel on a state array gives the same numbers as the Rng", () => {
    const s = new Int32Array(8);
    s.set(createRng(42, 0).state, 4);
    const out = fillNormalFromState(s, 4, new Float64Array(8), 0, 8);
    expect(Array.from(out)).toEqual(Array.from(createRng(42, 0).fillNormal(new Float64Array(8))));
  });
});

describe("uniform and int", () => {
  it("uniform() lies in [0, 1) with mean ½ and variance 1/12", () => {
    const n = 1_000_000;
    const u = createRng(5).fillUniform(new Float64Array(n));
    let min = 1;
    let max = 0;
    let s = 0;
    let s2 = 0;
    for (const v of u) {
      if (v < min) min = v;
      if (v > max) max = v;
      s += v;
      s2 += v * v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // sd of the mean √(1/12n), of the variance estimate √(1/180n); 5 sd
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it("int(n) is unbiased: chi-square over 10 cells, and no modulo bias for n near 2^32", () => {
    const rng = createRng(6);
    const draws = 1_000_000;
    const counts = new Float64Array(10);
    for (let i = 0; i < draws; i++) counts[rng.int(10)]++;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - draws / 10) ** 2 / (draws / 10);
    // 99.9% quantile of chi-square with 9 degrees of freedom is 27.88
    expect(chi2).toBeLessThan(27.88);
    // n = 3e9: a modulo reduction would put probability 2·(2^32 − n)/2^32 = 0.603 below 2^32 − n;
    // unbiased is (2^32 − n)/n = 0.4317. Binomial sd over 1e5 draws ≈ 0.0016: 5 sd.
    const n = 3e9;
    const cut = 4294967296 - n;
    let below = 0;
    const m = 100_000;
    for (let i = 0; i < m; i++) {
      const k = rng.int(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) expect.fail(`int(${n}) returned ${k}`);
      if (k < cut) below++;
    }
    const p = cut / n;
    expect(Math.abs(below / m - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / m));
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow(InvalidArgumentError);
    expect(() => rng.int(2.5)).toThrow(/integer/);
  });

  it("rejects bad seeds and ranges", () => {
    expect(() => createRng(-1)).toThrow(/seed/);
    expect(() => createRng(1, 1.5)).toThrow(/stream/);
    expect(() => createRng(1).fillNormal(new Float64Array(3), 2, 2)).toThrow(InvalidArgumentError);
  });
});

describe("across streams", () => {
  it("the k-th normal of 10⁵ consecutive streams is N(0, 1) (what an ensemble's first steps see)", () => {
    const n = 100_000;
    const bank = createStreamBank(2025, 0, n);
    const cols = [new Float64Array(n), new Float64Array(n)];
    const buf = new Float64Array(2);
    for (let k = 0; k < n; k++) {
      bank.fillNormal(k, buf, 0, 2);
      cols[0][k] = buf[0];
      cols[1][k] = buf[1];
    }
    for (const c of cols) {
      // p > 1e-3 fails with probability 1e-3 for a correct generator; the fixed seed makes it deterministic
      expect(ksPValue(ksStatistic(c, normalCdf), n)).toBeGreaterThan(1e-3);
    }
  });
});

describe("serial independence", () => {
  it("successive normals: lag-1..3 correlation within 4/√n and a 10×10 serial chi-square on (Φ(z_i), Φ(z_{i+1}))", () => {
    const n = 2_000_000;
    const z = createRng(77, 1).fillNormal(new Float64Array(n));
    for (let lag = 1; lag <= 3; lag++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i + lag < n; i++) s += z[i] * z[i + lag];
      for (let i = 0; i < n; i++) s2 += z[i] * z[i];
      // sd of the lag correlation of iid data is 1/√n: 4 sd
      expect(Math.abs(s / s2)).toBeLessThan(4 / Math.sqrt(n));
    }
    // non-overlapping pairs, equiprobable cells through Φ: each of 100 cells expects pairs/100
    const pairs = n / 2;
    const cells = new Float64Array(100);
    for (let i = 0; i < n; i += 2) {
      const a = Math.min(9, Math.floor(normalCdf(z[i]) * 10));
      const b = Math.min(9, Math.floor(normalCdf(z[i + 1]) * 10));
      cells[a * 10 + b]++;
    }
    let chi2 = 0;
    for (const c of cells) chi2 += (c - pairs / 100) ** 2 / (pairs / 100);
    // 99.9% quantile of chi-square with 99 degrees of freedom (scipy.stats.chi2.ppf(0.999, 99))
    expect(chi2).toBeLessThan(148.23);
  });
});
