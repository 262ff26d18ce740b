import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { dftReal } from "./fft.js";

/** The DFT of a complex series, as separate real and imaginary parts. */
export interface ComplexSpectrum {
  /** Re Z_k, k = 0..n−1. */
  re: Float64Array;
  /** Im Z_k, k = 0..n−1. */
  im: Float64Array;
}

/**
 * The discrete Fourier transform Z_k = Σ_t z_t e^{−2πi tk/n}, k = 0..n−1, of a complex series
 * z_t = re_t + i·im_t of any length n ≥ 1 (unnormalised, the sign convention of numpy.fft.fft).
 * By linearity Z = DFT(re) + i·DFT(im), each computed by the real DFT behind `powerSpectrum` (fft.js
 * for powers of two, Bluestein's chirp-z with zero-padded power-of-two FFTs otherwise: exact, not
 * interpolated). Negative frequencies are at k > n/2 (Z_{n−k} = Z_{−k}). Allocates its outputs and
 * O(n) work arrays. Throws `ShapeMismatchError` naming `im` when the lengths differ and
 * `InvalidArgumentError` naming `re` for an empty series.
 * @example
 * // z_t = e^{2πi·3t/8}: all the energy in bin 3
 * const t = Array.from({ length: 8 }, (_, j) => (2 * Math.PI * 3 * j) / 8);
 * const { re, im } = complexFft(t.map(Math.cos), t.map(Math.sin));
 * // re[3] ≈ 8, every other |Z_k| ≈ 0
 */
export function complexFft(re: ArrayLike<number>, im: ArrayLike<number>): ComplexSpectrum {
  const n = re.length;
  if (im.length !== n)
    throw new ShapeMismatchError("im", `must have the length of re (${n}), got ${im.length}`);
  if (n < 1) throw new InvalidArgumentError("re", "needs at least 1 sample, got 0");
  const x = dftReal(re, 0, n - 1);
  const y = dftReal(im, 0, n - 1);
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    outRe[k] = x[2 * k] - y[2 * k + 1];
    outIm[k] = x[2 * k + 1] + y[2 * k];
  }
  return { re: outRe, im: outIm };
}
