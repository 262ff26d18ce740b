import { InvalidArgumentError } from "../errors.js";

/**
 * The one-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of `samples` against the
 * continuous CDF `cdf` (both one-sided gaps at every jump of the empirical CDF are checked).
 *
 * Since F is non-decreasing, sorting the values u_i = F(x_i) orders them like the x_i. Under the
 * null hypothesis the u_i are uniform on [0, 1], so they are sorted by a two-level bucket sort (up
 * to 4096 coarse buckets, then a counting sort plus insertion sort inside each, which stays in
 * cache): expected O(n), about 3× faster than a comparison sort of 10⁷ doubles. A crowded bucket (a
 * bad fit) falls back to a comparison sort of that bucket, so the worst case stays O(n log n).
 * @example
 * const z = createRng(3).fillNormal(new Float64Array(10000));
 * const d = ksStatistic(z, normalCdf);
 * ksPValue(d, z.length); // typically well above 0.01
 */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = samples.length;
  if (n === 0) throw new InvalidArgumentError("samples", "must not be empty");
  const sorted = sortedCdfValues(samples, cdf);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = sorted[i];
    const above = (i + 1) / n - f;
    const below = f - i / n;
    if (above > d) d = above;
    if (below > d) d = below;
  }
  return d;
}

/** F(x_i) for all samples, in ascending order (see {@link ksStatistic}). */
function sortedCdfValues(samples: ArrayLike<number>, cdf: (x: number) => number): Float64Array {
  const n = samples.length;
  const nb = Math.max(1, Math.min(4096, n >> 4));
  const u = new Float64Array(n);
  const start = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) {
    const x = samples[i];
    if (Number.isNaN(x)) throw new InvalidArgumentError("samples", `samples[${i}] is NaN`);
    const f = cdf(x);
    if (!(f >= 0 && f <= 1)) throw new InvalidArgumentError("cdf", `cdf(${x}) = ${f} is not in [0, 1]`);
    u[i] = f;
    start[Math.min(nb - 1, Math.floor(f * nb)) + 1]++;
  }
  for (let b = 0; b < nb; b++) start[b + 1] += start[b];
  const sorted = new Float64Array(n);
  const fill = start.slice(0, nb);
  for (let i = 0; i < n; i++) {
    const f = u[i];
    sorted[fill[Math.min(nb - 1, Math.floor(f * nb))]++] = f;
  }
  const expected = n / nb;
  let maxm = 0;
  for (let b = 0; b < nb; b++) maxm = Math.max(maxm, start[b + 1] - start[b]);
  const tmp = new Float64Array(Math.min(maxm, Math.ceil(8 * expected) + 1));
  const fine = new Int32Array(tmp.length + 1);
  for (let b = 0; b < nb; b++) {
    const lo = start[b];
    const m = start[b + 1] - lo;
    if (m < 2) continue;
    if (m > tmp.length) {
      sorted.subarray(lo, lo + m).sort();
      continue;
    }
    // counting sort into m fine buckets of [b/nb, (b+1)/nb)
    fine.fill(0, 0, m + 1);
    let crowded = false;
    for (let i = 0; i < m; i++) {
      const k = Math.min(m - 1, Math.max(0, Math.floor((sorted[lo + i] * nb - b) * m)));
      if (++fine[k + 1] > 16) crowded = true;
    }
    if (crowded) {
      sorted.subarray(lo, lo + m).sort();
      continue;
    }
    for (let k = 0; k < m; k++) fine[k + 1] += fine[k];
    for (let i = 0; i < m; i++) {
      const v = sorted[lo + i];
      const k = Math.min(m - 1, Math.max(0, Math.floor((v * nb - b) * m)));
      tmp[fine[k]++] = v;
    }
    // fine buckets are in order and hold ≤ 16 values each: insertion sort is linear here
    for (let i = 1; i < m; i++) {
      const v = tmp[i];
      let j = i - 1;
      while (j >= 0 && tmp[j] > v) {
        tmp[j + 1] = tmp[j];
        j--;
      }
      tmp[j + 1] = v;
    }
    sorted.set(tmp.subarray(0, m), lo);
  }
  return sorted;
}

/**
 * The p-value P(D_n ≥ d) of the KS statistic from the asymptotic Kolmogorov distribution,
 * Q(t) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²t²}, evaluated at Stephens' (1970) finite-n argument
 * t = d(√n + 0.12 + 0.11/√n), which makes it accurate to about 1% of p for n ≥ 5 or so, and exact
 * as n → ∞. For t < 1 the equivalent theta-function form
 * 1 − √(2π)/t Σ_{k≥1} e^{−(2k−1)²π²/(8t²)} is summed instead, which converges fast there.
 * @example
 * ksPValue(1.3581 / Math.sqrt(1e8), 1e8); // ≈ 0.05
 */
export function ksPValue(d: number, n: number): number {
  if (!(n >= 1 && Number.isFinite(n))) throw new InvalidArgumentError("n", `must be >= 1, got ${n}`);
  if (Number.isNaN(d) || d < 0) throw new InvalidArgumentError("d", `must be >= 0, got ${d}`);
  const sn = Math.sqrt(n);
  const t = d * (sn + 0.12 + 0.11 / sn);
  return kolmogorovQ(t);
}

/** @internal The Kolmogorov survival function Q(t) = P(K > t). */
export function kolmogorovQ(t: number): number {
  if (t <= 0) return 1;
  if (t < 1) {
    const c = -(Math.PI * Math.PI) / (8 * t * t);
    let s = 0;
    for (let k = 1; k < 40; k++) {
      const term = Math.exp(c * (2 * k - 1) * (2 * k - 1));
      s += term;
      if (term < 1e-17 * s) break;
    }
    return Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / t) * s);
  }
  let s = 0;
  let sign = 1;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    s += sign * term;
    if (term < 1e-17 * Math.abs(s)) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * s));
}
