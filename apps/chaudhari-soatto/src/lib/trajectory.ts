import { lanczos } from "@langevin/autograd";
import { createRng } from "@langevin/core";

/**
 * Top-k principal axes of every `stride`-th row in [from, to) of a K × P trajectory (Lanczos on the
 * covariance operator, never forming the P × P matrix), and the coordinates of all K rows along them.
 */
export function principal(
  states: Float64Array,
  P: number,
  from: number,
  to: number,
  k: number,
  stride: number,
  seed: number,
) {
  const n = Math.floor((to - from) / stride);
  const mean = new Float64Array(P);
  for (let t = 0; t < n; t++) for (let i = 0; i < P; i++) mean[i] += states[(from + t * stride) * P + i] / n;
  const w = new Float64Array(n);
  // C v = (1/n) Σ_t (x_t − x̄)(x_t − x̄)ᵀ v, two passes over the rows: no P × P matrix.
  const op = (v: Float64Array, out: Float64Array) => {
    for (let t = 0; t < n; t++) {
      const o = (from + t * stride) * P;
      let s = 0;
      for (let i = 0; i < P; i++) s += (states[o + i] - mean[i]) * v[i];
      w[t] = s / n;
    }
    for (let t = 0; t < n; t++) {
      const o = (from + t * stride) * P;
      const c = w[t];
      for (let i = 0; i < P; i++) out[i] += (states[o + i] - mean[i]) * c;
    }
  };
  const r = lanczos(op, P, Math.min(P, 3 * k + 30), createRng(seed));
  const m = r.values.length;
  const axes = new Float64Array(k * P);
  const variances: number[] = [];
  for (let a = 0; a < k; a++) {
    axes.set(r.vectors.subarray((m - 1 - a) * P, (m - a) * P), a * P);
    variances.push(r.values[m - 1 - a]);
  }
  // Coordinates of every state along the axes.
  const K = states.length / P;
  const u = new Float64Array(K * k);
  for (let t = 0; t < K; t++)
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let i = 0; i < P; i++) s += (states[t * P + i] - mean[i]) * axes[a * P + i];
      u[t * k + a] = s;
    }
  return { axes, variances, u };
}

/** Column c of a row-major n × k array. */
export function column(u: Float64Array, k: number, c: number): Float64Array {
  const n = u.length / k;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = u[t * k + c];
  return out;
}

/** A density and a local mean velocity on a bins × bins grid of a plane. */
export interface PlaneField {
  xs: Float64Array;
  ys: Float64Array;
  /** Visits per cell, normalised to a probability (row-major `[i * bins + j]`). */
  density: Float64Array;
  /** Cell centres and mean centred velocities (u, v) of the cells with at least `minCount` visits. */
  arrows: { x: number[]; y: number[]; u: number[]; v: number[] };
}

/**
 * The probability current seen in a plane: for each cell, the mean of the centred difference
 * (x_{t+1} − x_{t−1})/2 over the visits x_t in the cell. The centred (Stratonovich) velocity
 * averages the drift and the noise-induced drift away, so its mean is J/ρ: zero in every cell of a
 * reversible process and a circulating field where there is a current (the forward difference would
 * show the restoring drift towards the mode instead, in either case).
 */
export function planeField(x: Float64Array, y: Float64Array, bins: number, minCount: number): PlaneField {
  const n = x.length;
  const range = (a: Float64Array) => {
    const s = Float64Array.from(a).sort();
    return [s[Math.floor(0.005 * n)], s[Math.ceil(0.995 * n) - 1]];
  };
  const [x0, x1] = range(x);
  const [y0, y1] = range(y);
  const hx = (x1 - x0) / bins;
  const hy = (y1 - y0) / bins;
  const count = new Float64Array(bins * bins);
  const su = new Float64Array(bins * bins);
  const sv = new Float64Array(bins * bins);
  for (let t = 1; t + 1 < n; t++) {
    const i = Math.floor((x[t] - x0) / hx);
    const j = Math.floor((y[t] - y0) / hy);
    if (i < 0 || j < 0 || i >= bins || j >= bins) continue;
    const c = i * bins + j;
    count[c]++;
    su[c] += 0.5 * (x[t + 1] - x[t - 1]);
    sv[c] += 0.5 * (y[t + 1] - y[t - 1]);
  }
  const xs = Float64Array.from({ length: bins }, (_, i) => x0 + (i + 0.5) * hx);
  const ys = Float64Array.from({ length: bins }, (_, j) => y0 + (j + 0.5) * hy);
  let total = 0;
  for (const c of count) total += c;
  const density = Float64Array.from(count, (c) => c / total);
  const arrows = { x: [] as number[], y: [] as number[], u: [] as number[], v: [] as number[] };
  for (let i = 0; i < bins; i++)
    for (let j = 0; j < bins; j++) {
      const c = i * bins + j;
      if (count[c] < minCount) continue;
      arrows.x.push(xs[i]);
      arrows.y.push(ys[j]);
      arrows.u.push(su[c] / count[c]);
      arrows.v.push(sv[c] / count[c]);
    }
  return { xs, ys, density, arrows };
}
