import { InvalidArgumentError } from "../errors.js";
import { dftReal } from "./fft.js";

/** Options of {@link powerSpectrum}. */
export interface PowerSpectrumOptions {
  /** Sampling interval (time between samples); frequencies are in 1/(unit of dt). Default 1. */
  dt?: number;
  /** Subtract the mean first (constant detrend, like scipy's default). Default false. */
  detrend?: boolean;
}

/** A one-sided power spectral density. */
export interface PowerSpectrum {
  /** f_k = k/(n·dt), k = 0..⌊n/2⌋ (0 up to the Nyquist frequency 1/(2dt)). */
  frequencies: Float64Array;
  /** Power spectral density at f_k, in (unit of x)²·dt. */
  power: Float64Array;
}

/**
 * The one-sided periodogram of a real series of any length n: P_k = (dt/n)|X_k|² with
 * X_k = Σ_t x_t e^{−2πi tk/n}, doubled for 0 < k < n/2 to fold in the negative frequencies (the same
 * normalisation as scipy.signal.periodogram with scaling="density"). Parseval: Σ_k P_k·Δf = mean(x²)
 * with Δf = 1/(n·dt). The DFT is exact at the Fourier frequencies for every n (fft.js for powers of
 * two, Bluestein's chirp-z with zero-padded power-of-two FFTs otherwise).
 * @example
 * const dt = 0.01;
 * const x = Float64Array.from({ length: 1000 }, (_, t) => Math.sin(2 * Math.PI * 5 * t * dt));
 * const { frequencies, power } = powerSpectrum(x, { dt });
 * // the peak is at frequencies[50] = 5, power[50] = A²/2 / Δf = 0.5 / 0.1 = 5
 */
export function powerSpectrum(x: ArrayLike<number>, options: PowerSpectrumOptions = {}): PowerSpectrum {
  const n = x.length;
  if (n < 2) throw new InvalidArgumentError("x", `needs at least 2 samples, got ${n}`);
  const dt = options.dt ?? 1;
  if (!(dt > 0 && Number.isFinite(dt)))
    throw new InvalidArgumentError("options.dt", `must be a finite number > 0, got ${dt}`);
  let shift = 0;
  if (options.detrend) {
    for (let t = 0; t < n; t++) shift += (x[t] - shift) / (t + 1);
  }
  const kmax = Math.floor(n / 2);
  const spec = dftReal(x, shift, kmax);
  const frequencies = new Float64Array(kmax + 1);
  const power = new Float64Array(kmax + 1);
  const scale = dt / n;
  for (let k = 0; k <= kmax; k++) {
    const re = spec[2 * k];
    const im = spec[2 * k + 1];
    const fold = k === 0 || 2 * k === n ? 1 : 2;
    power[k] = fold * scale * (re * re + im * im);
    frequencies[k] = k / (n * dt);
  }
  return { frequencies, power };
}
