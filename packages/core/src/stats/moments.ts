import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";

/**
 * The arithmetic mean, by Welford's update m += (x − m)/k (no large running sum, so no
 * cancellation when the values share a large offset).
 * @example
 * mean([1, 2, 3, 4]); // 2.5
 */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) throw new InvalidArgumentError("x", "must not be empty");
  let m = 0;
  for (let k = 0; k < n; k++) m += (x[k] - m) / (k + 1);
  return m;
}

/**
 * The variance Σ(x − x̄)²/(n − ddof) by Welford's one-pass algorithm (ddof = 1: unbiased sample
 * variance; ddof = 0: population variance). Stable for data with a large common offset.
 * @example
 * variance([1, 2, 3, 4]); // 1.6666666666666667
 * variance([1, 2, 3, 4], 0); // 1.25
 */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  checkDdof(n, ddof);
  let m = 0;
  let m2 = 0;
  for (let k = 0; k < n; k++) {
    const d = x[k] - m;
    m += d / (k + 1);
    m2 += d * (x[k] - m);
  }
  return m2 / (n - ddof);
}

/**
 * The d × d sample covariance (row-major Float64Array) of n observations stored as rows of length
 * d in `x` (`x[i * d + j]` is coordinate j of observation i), by Welford's one-pass update.
 * @example
 * // two perfectly correlated coordinates
 * covariance(new Float64Array([0, 0, 1, 2, 2, 4]), 3, 2); // [1, 2, 2, 4]
 */
export function covariance(x: ArrayLike<number>, n: number, d: number, ddof = 1): Float64Array {
  if (!(Number.isSafeInteger(d) && d >= 1))
    throw new InvalidArgumentError("d", `must be an integer >= 1, got ${d}`);
  if (!(Number.isSafeInteger(n) && n >= 0))
    throw new InvalidArgumentError("n", `must be an integer >= 0, got ${n}`);
  if (x.length < n * d) throw new ShapeMismatchError("x", `length ${x.length} < n*d = ${n * d}`);
  checkDdof(n, ddof);
  const m = new Float64Array(d);
  const delta = new Float64Array(d);
  const c = new Float64Array(d * d);
  for (let k = 0; k < n; k++) {
    const inv = 1 / (k + 1);
    const row = k * d;
    for (let i = 0; i < d; i++) {
      delta[i] = x[row + i] - m[i];
      m[i] += delta[i] * inv;
    }
    // c += delta (x − m_new)ᵀ: the co-moment update; symmetric, so fill the upper triangle.
    for (let i = 0; i < d; i++) {
      const di = delta[i];
      for (let j = i; j < d; j++) c[i * d + j] += di * (x[row + j] - m[j]);
    }
  }
  const scale = 1 / (n - ddof);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = c[i * d + j] * scale;
      c[i * d + j] = v;
      c[j * d + i] = v;
    }
  }
  return c;
}

function checkDdof(n: number, ddof: number): void {
  if (!(Number.isInteger(ddof) && ddof >= 0))
    throw new InvalidArgumentError("ddof", `must be an integer >= 0, got ${ddof}`);
  if (n <= ddof) throw new InvalidArgumentError("x", `needs more than ddof = ${ddof} values, got ${n}`);
}
