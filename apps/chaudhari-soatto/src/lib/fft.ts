// A small in-place radix-2 complex FFT for the two-sided spectrum of z = x1 + i·x2 (core's
// powerSpectrum is one-sided, for real series, and does not return the complex coefficients).

/** In-place FFT of (re, im), length a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error("fft length must be a power of two");
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const ar = re[i + k + len / 2] * cr - im[i + k + len / 2] * ci;
        const ai = re[i + k + len / 2] * ci + im[i + k + len / 2] * cr;
        re[i + k + len / 2] = re[i + k] - ar;
        im[i + k + len / 2] = im[i + k] - ai;
        re[i + k] += ar;
        im[i + k] += ai;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/**
 * Two-sided periodogram of a complex series z_t = re_t + i im_t (mean removed): P(f_k) = (dt/n)|Z_k|²
 * for k = −n/2+1 … n/2, returned in increasing frequency.
 */
export function complexPeriodogram(
  re: ArrayLike<number>,
  im: ArrayLike<number>,
  dt: number,
): { frequencies: Float64Array; power: Float64Array } {
  const n = re.length;
  const a = Float64Array.from(re);
  const b = Float64Array.from(im);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  for (let i = 0; i < n; i++) {
    a[i] -= ma;
    b[i] -= mb;
  }
  fftInPlace(a, b);
  const frequencies = new Float64Array(n);
  const power = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const k = s - n / 2 + 1; // −n/2+1 … n/2
    const idx = (k + n) % n;
    frequencies[s] = k / (n * dt);
    power[s] = (dt / n) * (a[idx] * a[idx] + b[idx] * b[idx]);
  }
  return { frequencies, power };
}
