// The two-sided spectrum of z = x1 + i·x2 (core's powerSpectrum is one-sided, for real series).
import { complexFft } from "@langevin/core";

/**
 * Two-sided periodogram of a complex series z_t = re_t + i im_t (mean removed): P(f_k) = (dt/n)|Z_k|²
 * for k = −n/2+1 … n/2 (n even), returned in increasing frequency.
 *
 * @example
 * ```ts
 * const { frequencies, power } = complexPeriodogram(x1, x2, dt); // frequencies[n/2 − 1] = 0
 * ```
 */
export function complexPeriodogram(
  re: ArrayLike<number>,
  im: ArrayLike<number>,
  dt: number,
): { frequencies: Float64Array; power: Float64Array } {
  const n = re.length;
  if (n % 2 !== 0 || n < 2) throw new Error(`complexPeriodogram needs an even length, got ${n}`);
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
  const z = complexFft(a, b);
  const frequencies = new Float64Array(n);
  const power = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const k = s - n / 2 + 1; // −n/2+1 … n/2
    const idx = (k + n) % n;
    frequencies[s] = k / (n * dt);
    power[s] = (dt / n) * (z.re[idx] * z.re[idx] + z.im[idx] * z.im[idx]);
  }
  return { frequencies, power };
}
