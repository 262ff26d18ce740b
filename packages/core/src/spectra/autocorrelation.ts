import { InvalidArgumentError } from "../errors.js";
import { fftOfSize, nextPow2, realSpectrum } from "./fft.js";

/**
 * The sample autocorrelation function ρ_k = c_k / c_0, k = 0..maxLag, of a real series of any
 * length n, with the biased estimator c_k = (1/n) Σ_{t=0}^{n−1−k} (x_t − x̄)(x_{t+k} − x̄) (the
 * usual choice: it keeps the sequence positive semi-definite and has lower mean-square error than
 * dividing by n − k). Computed in O(n log n) by the Wiener–Khinchin route: the mean-removed series
 * is zero-padded to a power of two ≥ 2n (so the circular correlation equals the linear one),
 * transformed with fft.js, squared in modulus and transformed back. ρ_0 = 1.
 *
 * Throws `InvalidArgumentError` for an empty or constant series (c_0 = 0) and for a maxLag outside
 * [0, n − 1].
 * @example
 * const x = createRng(1).fillNormal(new Float64Array(4096));
 * const acf = autocorrelation(x, 10); // acf[0] = 1, |acf[k]| ≲ 2/√n for white noise
 */
export function autocorrelation(x: ArrayLike<number>, maxLag?: number): Float64Array {
  const n = x.length;
  if (n === 0) throw new InvalidArgumentError("x", "must not be empty");
  const lag = maxLag ?? n - 1;
  if (!(Number.isInteger(lag) && lag >= 0 && lag < n))
    throw new InvalidArgumentError("maxLag", `must be an integer in [0, ${n - 1}], got ${maxLag}`);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += (x[t] - mean) / (t + 1);
  const size = nextPow2(2 * n);
  const spec = realSpectrum(x, n, size, mean);
  for (let k = 0; k < size; k++) {
    const re = spec[2 * k];
    const im = spec[2 * k + 1];
    spec[2 * k] = re * re + im * im;
    spec[2 * k + 1] = 0;
  }
  const back = new Float64Array(2 * size);
  fftOfSize(size).inverseTransform(back, spec);
  const c0 = back[0];
  if (!(c0 > 0)) throw new InvalidArgumentError("x", "a constant series has no autocorrelation (variance 0)");
  const acf = new Float64Array(lag + 1);
  for (let k = 0; k <= lag; k++) acf[k] = back[2 * k] / c0;
  acf[0] = 1;
  return acf;
}
