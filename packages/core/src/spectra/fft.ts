import FFT from "fft.js";

/** @internal The smallest power of two ≥ max(n, 4) (fft.js needs a power of two > 1). */
export function nextPow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

const cache = new Map<number, FFT>();

/** @internal A cached fft.js plan of size `size` (a power of two); plans hold the twiddle tables. */
export function fftOfSize(size: number): FFT {
  let f = cache.get(size);
  if (!f) {
    if (cache.size >= 8) cache.delete(cache.keys().next().value as number);
    f = new FFT(size);
    cache.set(size, f);
  }
  return f;
}

/**
 * @internal The full complex spectrum (interleaved re, im; length 2·size) of the real sequence
 * `x[0..n)` zero-padded to `size`.
 */
export function realSpectrum(x: ArrayLike<number>, n: number, size: number, shift = 0): Float64Array {
  const f = fftOfSize(size);
  const input = new Float64Array(size);
  for (let t = 0; t < n; t++) input[t] = x[t] - shift;
  const out = new Float64Array(2 * size);
  f.realTransform(out, input);
  f.completeSpectrum(out);
  return out;
}

/**
 * @internal The DFT X_k = Σ_t x_t e^{−2πi tk/n}, k = 0..kmax, of a real series of any length n, as
 * interleaved (re, im). Power-of-two n uses fft.js directly; any other n uses Bluestein's chirp-z
 * identity tk = (t² + k² − (k−t)²)/2, which turns the DFT into a convolution computed with
 * zero-padded power-of-two FFTs of size ≥ 2n − 1 (exact, not an interpolated spectrum).
 */
export function dftReal(x: ArrayLike<number>, shift: number, kmax: number): Float64Array {
  const n = x.length;
  const result = new Float64Array(2 * (kmax + 1));
  if (n >= 4 && (n & (n - 1)) === 0) {
    const s = realSpectrum(x, n, n, shift);
    result.set(s.subarray(0, 2 * (kmax + 1)));
    return result;
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
  const a = new Float64Array(2 * m);
  for (let t = 0; t < n; t++) {
    const v = x[t] - shift;
    a[2 * t] = v * cr[t];
    a[2 * t + 1] = -v * ci[t];
  }
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
    const re = fa[2 * k] * fb[2 * k] - fa[2 * k + 1] * fb[2 * k + 1];
    const im = fa[2 * k] * fb[2 * k + 1] + fa[2 * k + 1] * fb[2 * k];
    fa[2 * k] = re;
    fa[2 * k + 1] = im;
  }
  f.inverseTransform(a, fa);
  for (let k = 0; k <= kmax; k++) {
    const re = a[2 * k];
    const im = a[2 * k + 1];
    // multiply by conj(w_k)
    result[2 * k] = re * cr[k] + im * ci[k];
    result[2 * k + 1] = im * cr[k] - re * ci[k];
  }
  return result;
}
