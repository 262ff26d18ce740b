import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { fftOfSize, nextPow2 } from "./fft.js";

/** The DFT of a complex series, as separate real and imaginary parts. */
export interface ComplexSpectrum {
  /** Re Z_k, k = 0..n−1. */
  re: Float64Array;
  /** Im Z_k, k = 0..n−1. */
  im: Float64Array;
}

/**
 * The discrete Fourier transform Z_k = Σ_t z_t e^{−2πi tk/n}, k = 0..n−1, of a complex series
 * z_t = re_t + i·im_t of any length n ≥ 1 (unnormalised, the sign convention of numpy.fft.fft). Powers of
 * two use fft.js directly; other lengths use Bluestein's chirp-z identity tk = (t² + k² − (k−t)²)/2,
 * a convolution computed with zero-padded power-of-two FFTs of size ≥ 2n − 1 (exact, not
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
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  if (n === 1) {
    outRe[0] = re[0];
    outIm[0] = im[0];
    return { re: outRe, im: outIm };
  }
  if (n >= 4 && (n & (n - 1)) === 0) {
    const f = fftOfSize(n);
    const input = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      input[2 * t] = re[t];
      input[2 * t + 1] = im[t];
    }
    const out = new Float64Array(2 * n);
    f.transform(out, input);
    for (let k = 0; k < n; k++) {
      outRe[k] = out[2 * k];
      outIm[k] = out[2 * k + 1];
    }
    return { re: outRe, im: outIm };
  }
  const m = nextPow2(2 * n - 1);
  const f = fftOfSize(m);
  // chirp w_t = e^{iπ t²/n}; t² mod 2n keeps the angle exact for n up to ~9e7
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  const twoN = 2 * n;
  for (let t = 0; t < n; t++) {
    const ang = (Math.PI * ((t * t) % twoN)) / n;
    cr[t] = Math.cos(ang);
    ci[t] = Math.sin(ang);
  }
  // a_t = z_t · conj(w_t)
  const a = new Float64Array(2 * m);
  for (let t = 0; t < n; t++) {
    a[2 * t] = re[t] * cr[t] + im[t] * ci[t];
    a[2 * t + 1] = im[t] * cr[t] - re[t] * ci[t];
  }
  // b_t = w_t for t = −(n−1)..n−1, wrapped
  const b = new Float64Array(2 * m);
  b[0] = cr[0];
  b[1] = ci[0];
  for (let t = 1; t < n; t++) {
    b[2 * t] = cr[t];
    b[2 * t + 1] = ci[t];
    b[2 * (m - t)] = cr[t];
    b[2 * (m - t) + 1] = ci[t];
  }
  const fa = new Float64Array(2 * m);
  const fb = new Float64Array(2 * m);
  f.transform(fa, a);
  f.transform(fb, b);
  for (let k = 0; k < m; k++) {
    const pr = fa[2 * k] * fb[2 * k] - fa[2 * k + 1] * fb[2 * k + 1];
    const pi = fa[2 * k] * fb[2 * k + 1] + fa[2 * k + 1] * fb[2 * k];
    fa[2 * k] = pr;
    fa[2 * k + 1] = pi;
  }
  f.inverseTransform(a, fa);
  for (let k = 0; k < n; k++) {
    const r = a[2 * k];
    const i = a[2 * k + 1];
    // Z_k = conj(w_k) · (a ⊛ w)_k
    outRe[k] = r * cr[k] + i * ci[k];
    outIm[k] = i * cr[k] - r * ci[k];
  }
  return { re: outRe, im: outIm };
}
