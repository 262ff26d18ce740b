import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";

/** The antisymmetric lagged covariance of a multivariate series, with batch-means errors. */
export interface TimeAsymmetry {
  /** Components k; `mean` and `se` are k × k, row-major, antisymmetric / symmetric. */
  k: number;
  /** The lag τ in samples. */
  lag: number;
  /** A_ij(τ) = ⟨u_i(t) u_j(t+τ)⟩ − ⟨u_j(t) u_i(t+τ)⟩ over the whole run (u centred by its mean). */
  mean: Float64Array;
  /** Batch-means standard error of each A_ij. */
  se: Float64Array;
}

/**
 * Time-reversal asymmetry of a stationary multivariate series u (n × k, row-major): the
 * antisymmetric part of the lag-τ cross-covariance, A_ij(τ) = C_ij(τ) − C_ji(τ) with
 * C_ij(τ) = ⟨u_i(t) u_j(t+τ)⟩. A reversible (detailed-balance) process has C(τ) = C(τ)ᵀ, so A = 0 at
 * every lag; a probability current makes it non-zero: A_ij(1) is the mean area swept per step in
 * the (i, j) plane (twice the angular momentum ⟨u_i Δu_j − u_j Δu_i⟩/… up to the lag), positive for
 * counter-clockwise circulation. The run is cut into `blocks` consecutive blocks (pairs (t, t+τ)
 * with t in the block) for the standard error, which is valid when a block is much longer than
 * the series' correlation time.
 * @example
 * const a = timeAsymmetry(u, K, 10, 1, 20); // u: K × 10 principal coordinates
 * const z01 = a.mean[0 * 10 + 1] / a.se[0 * 10 + 1];
 */
export function timeAsymmetry(
  u: ArrayLike<number>,
  n: number,
  k: number,
  lag: number,
  blocks = 20,
): TimeAsymmetry {
  if (!(Number.isInteger(k) && k >= 2))
    throw new InvalidArgumentError("k", `must be an integer ≥ 2, got ${k}`);
  if (u.length !== n * k) throw new ShapeMismatchError("u", `needs length n·k = ${n}·${k}, got ${u.length}`);
  if (!(Number.isInteger(lag) && lag >= 1))
    throw new InvalidArgumentError("lag", `must be an integer ≥ 1, got ${lag}`);
  if (!(Number.isInteger(blocks) && blocks >= 2))
    throw new InvalidArgumentError("blocks", `must be an integer ≥ 2, got ${blocks}`);
  const pairs = n - lag;
  const width = Math.floor(pairs / blocks);
  if (width < 2)
    throw new InvalidArgumentError(
      "n",
      `${n} samples at lag ${lag} leave fewer than 2 pairs per block (${blocks} blocks)`,
    );
  const mu = new Float64Array(k);
  for (let t = 0; t < n; t++) for (let i = 0; i < k; i++) mu[i] += u[t * k + i];
  for (let i = 0; i < k; i++) mu[i] /= n;
  const kk = k * k;
  const perBlock = new Float64Array(blocks * kk);
  const a = new Float64Array(k);
  for (let b = 0; b < blocks; b++) {
    const o = b * kk;
    for (let t = b * width; t < (b + 1) * width; t++) {
      for (let i = 0; i < k; i++) a[i] = u[t * k + i] - mu[i];
      const s = (t + lag) * k;
      // Only i < j: the matrix is antisymmetric.
      for (let i = 0; i < k; i++) {
        const ai = a[i];
        const ci = u[s + i] - mu[i];
        for (let j = i + 1; j < k; j++) perBlock[o + i * k + j] += ai * (u[s + j] - mu[j]) - a[j] * ci;
      }
    }
  }
  const mean = new Float64Array(kk);
  const se = new Float64Array(kk);
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      let m = 0;
      for (let b = 0; b < blocks; b++) m += perBlock[b * kk + i * k + j] / width;
      m /= blocks;
      let v = 0;
      for (let b = 0; b < blocks; b++) v += (perBlock[b * kk + i * k + j] / width - m) ** 2;
      const e = Math.sqrt(v / (blocks - 1) / blocks);
      mean[i * k + j] = m;
      mean[j * k + i] = -m;
      se[i * k + j] = e;
      se[j * k + i] = e;
    }
  return { k, lag, mean, se };
}
