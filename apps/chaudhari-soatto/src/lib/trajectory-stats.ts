import { crossSpectrum, meanSe, symmetricEigen, timeAsymmetry } from "@langevin/core";
import { column } from "./trajectory.js";

/** Subtracts the least-squares line from a series (in place) and returns it. */
export function detrendLinear(x: Float64Array): Float64Array {
  const n = x.length;
  const tm = (n - 1) / 2;
  let mx = 0;
  for (let t = 0; t < n; t++) mx += x[t] / n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tm) * (x[t] - mx);
    sxx += (t - tm) * (t - tm);
  }
  const slope = sxy / sxx;
  for (let t = 0; t < n; t++) x[t] -= mx + slope * (t - tm);
  return x;
}

/**
 * Stationarity of the first `k` coordinates of u (n × width) on rows [from, n): between the two
 * halves of that range, the shift of each coordinate's mean in units of its standard deviation and
 * the relative change of its variance, each with its batch-means standard error (`blocks` blocks
 * per half). `established` is the largest change the data establish: max over coordinates of
 * |effect| − `sigmas`·SE (0 when none is established). A drift or an unfinished relaxation makes it
 * of order 1; a stationary process keeps it at 0 however long the run (a plain z-test would instead
 * reject any long enough run for drifts too small to matter, and an equivalence bound would need
 * runs far longer than the slowest modes to pass at all). Pass the rows that did NOT choose the
 * coordinates: axes of largest variance chosen on some rows have an inflated variance there, which
 * would look like a change.
 */
export function halvesAgree(u: Float64Array, width: number, k: number, blocks: number, from = 0, sigmas = 3) {
  const n = u.length / width;
  const h = from + Math.floor((n - from) / 2);
  const w = Math.floor((h - from) / blocks);
  const coordinates: {
    coordinate: number;
    meanShift: number;
    meanSe: number;
    varianceChange: number;
    varianceSe: number;
  }[] = [];
  for (let c = 0; c < k; c++) {
    const x = column(u, width, c);
    let mu = 0;
    for (let t = from; t < h + blocks * w; t++) mu += x[t] / (h + blocks * w - from);
    const blockStats = (start: number) => {
      const m: number[] = [];
      const v: number[] = [];
      for (let b = 0; b < blocks; b++) {
        let s = 0;
        let s2 = 0;
        for (let t = start + b * w; t < start + (b + 1) * w; t++) {
          s += x[t];
          s2 += (x[t] - mu) ** 2;
        }
        m.push(s / w);
        v.push(s2 / w);
      }
      return { m: meanSe(m), v: meanSe(v) };
    };
    const a = blockStats(from);
    const b = blockStats(h);
    const v = 0.5 * (a.v.mean + b.v.mean);
    const sd = Math.sqrt(v);
    coordinates.push({
      coordinate: c,
      meanShift: (b.m.mean - a.m.mean) / sd,
      meanSe: Math.hypot(a.m.se, b.m.se) / sd,
      varianceChange: (b.v.mean - a.v.mean) / v,
      varianceSe: Math.hypot(a.v.se, b.v.se) / v,
    });
  }
  const established = Math.max(
    0,
    ...coordinates.map((e) =>
      Math.max(Math.abs(e.meanShift) - sigmas * e.meanSe, Math.abs(e.varianceChange) - sigmas * e.varianceSe),
    ),
  );
  return { established, sigmas, coordinates };
}

/**
 * The plane of strongest circulation among k coordinates u (n × k) on rows [from, to): the
 * coordinates are whitened by their covariance there (so a plane's asymmetry is a correlation, not
 * a product of variances), the antisymmetric lag covariance A of the whitened series is formed, and
 * the plane is the top eigenspace of AᵀA = −A² (the largest rotation rate of A). Returns the two
 * coefficient vectors p, q (length k) whose series u·p, u·q span that plane, each of unit variance
 * on [from, to).
 */
export function rotationPlane(u: Float64Array, k: number, from: number, to: number, lag: number) {
  const n = to - from;
  const part = u.subarray(from * k, to * k);
  const mean = new Float64Array(k);
  for (let t = 0; t < n; t++) for (let i = 0; i < k; i++) mean[i] += part[t * k + i] / n;
  const cov = new Float64Array(k * k);
  for (let t = 0; t < n; t++)
    for (let i = 0; i < k; i++) {
      const a = part[t * k + i] - mean[i];
      for (let j = 0; j <= i; j++) cov[i * k + j] += (a * (part[t * k + j] - mean[j])) / n;
    }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) cov[j * k + i] = cov[i * k + j];
  // W = C^{-1/2} (symmetric).
  const ec = symmetricEigen(cov, k);
  const W = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++)
        s += (ec.vectors[i * k + m] * ec.vectors[j * k + m]) / Math.sqrt(ec.values[m]);
      W[i * k + j] = s;
    }
  const white = new Float64Array(n * k);
  for (let t = 0; t < n; t++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += (part[t * k + i] - mean[i]) * W[i * k + j];
      white[t * k + j] = s;
    }
  const A = timeAsymmetry(white, n, k, lag, 2).mean;
  // −A² = AᵀA, symmetric positive semi-definite; its top eigenvalue is doubled (a rotation plane).
  const A2 = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += A[m * k + i] * A[m * k + j];
      A2[i * k + j] = s;
    }
  const e = symmetricEigen(A2, k);
  const pick = (col: number) => {
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += W[i * k + j] * e.vectors[j * k + col];
      out[i] = s;
    }
    return out;
  };
  return { p: pick(k - 1), q: pick(k - 2), rate: Math.sqrt(Math.max(0, e.values[k - 1])) };
}

/** The series u·c (u: n × k row-major, c: length k). */
export function combine(u: Float64Array, k: number, c: Float64Array): Float64Array {
  const n = u.length / k;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += u[t * k + i] * c[i];
    out[t] = s;
  }
  return out;
}

/** The time asymmetry A_xy(lag) of two series on rows [from, to), each detrended, with its SE. */
export function planeAsymmetry(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  lag: number,
  blocks: number,
) {
  const xd = detrendLinear(x.slice(from, to));
  const yd = detrendLinear(y.slice(from, to));
  const xy = new Float64Array(2 * xd.length);
  for (let t = 0; t < xd.length; t++) {
    xy[2 * t] = xd[t];
    xy[2 * t + 1] = yd[t];
  }
  const a = timeAsymmetry(xy, xd.length, 2, lag, blocks);
  return { mean: a.mean[1], se: a.se[1], z: a.mean[1] / a.se[1] };
}

/** Log-spaced band edges over bins 1..nf−1 of a one-sided spectrum (distinct integers, `bands` at most). */
export function logBands(nf: number, bands: number): number[] {
  const edges = new Set<number>();
  for (let b = 0; b <= bands; b++) edges.add(Math.round(Math.exp((Math.log(nf - 1) * b) / bands)));
  return [...edges].sort((p, q) => p - q);
}

/** Band averages (and their SEs, the bins being nearly independent) of a spectrum estimate. */
export function bandAverage(values: Float64Array, se: Float64Array, freqs: Float64Array, edges: number[]) {
  const out = { f: [] as number[], v: [] as number[], se: [] as number[], bins: [] as number[][] };
  for (let b = 0; b + 1 < edges.length; b++) {
    let v = 0;
    let e2 = 0;
    let f = 0;
    const w = edges[b + 1] - edges[b];
    const bins: number[] = [];
    for (let k = edges[b]; k < edges[b + 1]; k++) {
      v += values[k] / w;
      e2 += (se[k] * se[k]) / (w * w);
      f += freqs[k] / w;
      bins.push(freqs[k]);
    }
    out.f.push(f);
    out.v.push(v);
    out.se.push(Math.sqrt(e2));
    out.bins.push(bins);
  }
  return out;
}

/**
 * Increment spectra in a plane spanned by the series x, y: the power spectrum of the increments of
 * x and the quadrature (imaginary cross-) spectrum of the increments of (x, y), band-averaged over
 * log-spaced bands, on rows [from, to). `dt` is the time between rows (in SGD steps).
 */
export function incrementSpectra(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  dt: number,
  segments: number,
  bands: number,
) {
  const inc = (s: Float64Array) => {
    const d = new Float64Array(to - from - 1);
    for (let t = 0; t < d.length; t++) d[t] = s[from + t + 1] - s[from + t];
    return d;
  };
  const dx = inc(x);
  const dy = inc(y);
  const power = crossSpectrum(dx, dx, { dt, segments });
  const cross = crossSpectrum(dx, dy, { dt, segments });
  const edges = logBands(power.frequencies.length, bands);
  const p = bandAverage(power.co, power.coSe, power.frequencies, edges);
  const q = bandAverage(cross.quad, cross.quadSe, cross.frequencies, edges);
  // Stouffer's combination of the bands' quadrature z-scores: N(0, 1) for a reversible process; a
  // circulation of one sense pushes every band the same way.
  const zq = q.v.map((v, b) => v / q.se[b]);
  const stouffer = zq.reduce((s, z) => s + z, 0) / Math.sqrt(zq.length);
  return { power: p, quad: q, quadZ: zq, stouffer };
}

/**
 * How far a measured band spectrum is from the SHAPE of an expected one (an overall factor is
 * free: the temperature of a model is not the claim): z_b = (log(m_b/e_b) − mean over bands)/(SE_b/m_b).
 * Returns the largest |z_b| and the fitted overall factor.
 */
export function shapeDeviation(measured: number[], se: number[], expected: number[]) {
  const lr = measured.map((m, b) => Math.log(m / expected[b]));
  const w = measured.map((m, b) => (m / se[b]) ** 2);
  let sw = 0;
  let s = 0;
  for (let b = 0; b < lr.length; b++) {
    sw += w[b];
    s += w[b] * lr[b];
  }
  const level = s / sw;
  const z = lr.map((l, b) => (l - level) / (se[b] / measured[b]));
  return { worst: Math.max(...z.map(Math.abs)), factor: Math.exp(level), z };
}
