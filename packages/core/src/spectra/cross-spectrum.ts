import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { dftReal } from "./fft.js";

/** Options of {@link crossSpectrum}. */
export interface CrossSpectrumOptions {
  /** Sampling interval; frequencies are in 1/(unit of dt). Default 1. */
  dt?: number;
  /** Non-overlapping segments averaged (Welch/Bartlett); their spread gives the standard errors. Default 16. */
  segments?: number;
}

/** A one-sided cross-spectral density S_xy(f) = E[conj(X(f)) Y(f)] and its standard errors. */
export interface CrossSpectrum {
  /** f_k = k/(L·dt), k = 0..⌊L/2⌋, with L the segment length. */
  frequencies: Float64Array;
  /** Co-spectrum Re S_xy (mean over segments). For x = y it is the power spectral density. */
  co: Float64Array;
  /** Quadrature spectrum Im S_xy (mean over segments): zero in expectation for a time-reversible pair. */
  quad: Float64Array;
  /** Standard errors of `co` and `quad` from the spread over segments (independent when segments are long). */
  coSe: Float64Array;
  /** Standard error of `quad`, from the spread over segments. */
  quadSe: Float64Array;
  /** Number of segments averaged. */
  segments: number;
}

/**
 * Welch's estimate of the cross-spectral density of two real series with a Hann window and
 * non-overlapping segments, in scipy.signal.csd's convention (S_xy = conj(X)·Y, one-sided, density
 * scaling: ∫ co df = cov(x, y) for a long segment). The quadrature spectrum Im S_xy is the
 * frequency-resolved time-reversal asymmetry of the pair: for a stationary process in detailed
 * balance C_xy(τ) = C_yx(τ) = C_xy(−τ), so S_xy is real and the quadrature spectrum vanishes at every
 * frequency; a probability current (rotation in the (x, y) plane) makes it non-zero. Each segment is
 * detrended by its mean. Segments must be much longer than the correlation time for the standard
 * errors to be valid.
 * @example
 * const s = crossSpectrum(dx, dy, { segments: 40 });
 * const z = s.quad.map((q, k) => q / s.quadSe[k]); // N(0, 1) per bin without a current
 */
export function crossSpectrum(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: CrossSpectrumOptions = {},
): CrossSpectrum {
  const n = x.length;
  if (y.length !== n) throw new ShapeMismatchError("y", `must have the length of x (${n}), got ${y.length}`);
  const dt = options.dt ?? 1;
  if (!(dt > 0 && Number.isFinite(dt)))
    throw new InvalidArgumentError("options.dt", `must be a finite number > 0, got ${dt}`);
  const segments = options.segments ?? 16;
  if (!(Number.isInteger(segments) && segments >= 2))
    throw new InvalidArgumentError("options.segments", `must be an integer ≥ 2, got ${segments}`);
  const len = Math.floor(n / segments);
  if (len < 4)
    throw new InvalidArgumentError(
      "x",
      `${n} samples in ${segments} segments leave fewer than 4 per segment`,
    );
  const kmax = Math.floor(len / 2);
  const win = new Float64Array(len);
  let w2 = 0;
  for (let t = 0; t < len; t++) {
    win[t] = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / len); // periodic Hann, as scipy's get_window
    w2 += win[t] * win[t];
  }
  const scale = dt / w2;
  const co = new Float64Array(kmax + 1);
  const quad = new Float64Array(kmax + 1);
  const co2 = new Float64Array(kmax + 1);
  const quad2 = new Float64Array(kmax + 1);
  const xs = new Float64Array(len);
  const ys = new Float64Array(len);
  for (let s = 0; s < segments; s++) {
    const o = s * len;
    let mx = 0;
    let my = 0;
    for (let t = 0; t < len; t++) {
      mx += x[o + t];
      my += y[o + t];
    }
    mx /= len;
    my /= len;
    for (let t = 0; t < len; t++) {
      xs[t] = (x[o + t] - mx) * win[t];
      ys[t] = (y[o + t] - my) * win[t];
    }
    const X = dftReal(xs, 0, kmax);
    const Y = dftReal(ys, 0, kmax);
    for (let k = 0; k <= kmax; k++) {
      const fold = k === 0 || 2 * k === len ? 1 : 2;
      const xr = X[2 * k];
      const xi = X[2 * k + 1];
      const yr = Y[2 * k];
      const yi = Y[2 * k + 1];
      // conj(X)·Y = (xr − i xi)(yr + i yi)
      const re = fold * scale * (xr * yr + xi * yi);
      const im = fold * scale * (xr * yi - xi * yr);
      co[k] += re;
      quad[k] += im;
      co2[k] += re * re;
      quad2[k] += im * im;
    }
  }
  const frequencies = new Float64Array(kmax + 1);
  const coSe = new Float64Array(kmax + 1);
  const quadSe = new Float64Array(kmax + 1);
  for (let k = 0; k <= kmax; k++) {
    frequencies[k] = k / (len * dt);
    co[k] /= segments;
    quad[k] /= segments;
    coSe[k] = Math.sqrt(Math.max(0, co2[k] / segments - co[k] * co[k]) / (segments - 1));
    quadSe[k] = Math.sqrt(Math.max(0, quad2[k] / segments - quad[k] * quad[k]) / (segments - 1));
  }
  return { frequencies, co, quad, coSe, quadSe, segments };
}
