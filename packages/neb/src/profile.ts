import { InvalidArgumentError } from "@langevin/core";

/**
 * The energy along a path as a function of arc length: piecewise cubic Hermite through the
 * images' energies with slopes dE/ds = ∇E·τ (the tangential force with its sign flipped).
 *
 * @example
 * ```ts
 * const p = energyProfile([0, 1], [0, 0], [1, -1]);
 * p.at(0.5); // 0.25
 * ```
 */
export interface EnergyProfile {
  /** Arc length of each image (0 at the first endpoint). */
  readonly s: Float64Array;
  /** Energy of each image. */
  readonly energies: Float64Array;
  /** dE/ds at each image. */
  readonly slopes: Float64Array;
  /** Interpolated energy at arc length `s` (clamped to the path). */
  at(s: number): number;
  /** `count` evenly spaced samples of the interpolant. */
  sample(count: number): {
    /** Arc lengths from the first image, evenly spaced over the path. */
    s: Float64Array;
    /** The interpolated energy at each arc length. */
    energy: Float64Array;
  };
  /** The highest point of the interpolant (found per segment, then refined by golden section). */
  maximum(): {
    /** Arc length of the maximum. */
    s: number;
    /** The interpolant's largest energy. */
    energy: number;
  };
}

/**
 * Builds the cubic Hermite energy profile from arc lengths, energies and slopes (copied).
 *
 * @example
 * ```ts
 * const p = energyProfile([0, 1, 2], [0, 1, 0], [0, 0, 0]);
 * p.maximum(); // { s: 1, energy: 1 }
 * ```
 */
export function energyProfile(
  s: ArrayLike<number>,
  energies: ArrayLike<number>,
  slopes: ArrayLike<number>,
): EnergyProfile {
  const n = s.length;
  if (n < 2 || energies.length !== n || slopes.length !== n) {
    throw new InvalidArgumentError("s", "s, energies and slopes need the same length >= 2");
  }
  const S = Float64Array.from(s);
  const E = Float64Array.from(energies);
  const D = Float64Array.from(slopes);
  const onSegment = (k: number, v: number): number => {
    const h = S[k + 1] - S[k];
    if (!(h > 0)) return E[k];
    const t = (v - S[k]) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    return (
      (2 * t3 - 3 * t2 + 1) * E[k] +
      (t3 - 2 * t2 + t) * h * D[k] +
      (-2 * t3 + 3 * t2) * E[k + 1] +
      (t3 - t2) * h * D[k + 1]
    );
  };
  const at = (v: number): number => {
    if (v <= S[0]) return E[0];
    if (v >= S[n - 1]) return E[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (S[mid] <= v) lo = mid;
      else hi = mid;
    }
    return onSegment(lo, v);
  };
  return {
    s: S,
    energies: E,
    slopes: D,
    at,
    sample(count) {
      const ss = new Float64Array(count);
      const ee = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        ss[i] = S[0] + ((S[n - 1] - S[0]) * i) / Math.max(1, count - 1);
        ee[i] = at(ss[i]);
      }
      return { s: ss, energy: ee };
    },
    maximum() {
      let bestS = S[0];
      let bestE = E[0];
      for (let i = 0; i < n; i++) {
        if (E[i] > bestE) {
          bestE = E[i];
          bestS = S[i];
        }
      }
      const golden = 0.5 * (Math.sqrt(5) - 1);
      for (let k = 0; k < n - 1; k++) {
        let a = S[k];
        let b = S[k + 1];
        if (!(b > a)) continue;
        // Coarse scan, then golden section around the best sample.
        const m = 8;
        let iBest = 0;
        let eBest = Number.NEGATIVE_INFINITY;
        for (let i = 0; i <= m; i++) {
          const e = onSegment(k, a + ((b - a) * i) / m);
          if (e > eBest) {
            eBest = e;
            iBest = i;
          }
        }
        const h = (b - a) / m;
        const c0 = a + iBest * h;
        a = Math.max(S[k], c0 - h);
        b = Math.min(S[k + 1], c0 + h);
        let x1 = b - golden * (b - a);
        let x2 = a + golden * (b - a);
        let f1 = onSegment(k, x1);
        let f2 = onSegment(k, x2);
        for (let it = 0; it < 60 && b - a > 1e-14 * (1 + Math.abs(b)); it++) {
          if (f1 > f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - golden * (b - a);
            f1 = onSegment(k, x1);
          } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + golden * (b - a);
            f2 = onSegment(k, x2);
          }
        }
        const xm = 0.5 * (a + b);
        const em = onSegment(k, xm);
        if (em > bestE) {
          bestE = em;
          bestS = xm;
        }
      }
      return { s: bestS, energy: bestE };
    },
  };
}
