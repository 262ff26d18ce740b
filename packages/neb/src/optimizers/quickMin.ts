import type { NebOptimizer } from "./optimizer.js";

/**
 * Options of `quickMin`.
 *
 * @example
 * ```ts
 * quickMin({ dt: 0.01, perImage: true });
 * ```
 */
export interface QuickMinOptions {
  /** Time step (ASE's MDMin default: 0.2). */
  dt?: number;
  /** Largest norm of one image's step (0.2). */
  maxStep?: number;
  /** Project the velocity per image (true, the usual NEB choice) or on the whole band (false). */
  perImage?: boolean;
}

/**
 * Quick-min: velocity Verlet dynamics in which, before each step, the velocity keeps only its
 * component along the force, and is zeroed when it points against the force.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { optimizer: quickMin({ dt: 0.05 }) });
 * ```
 */
export function quickMin(options: QuickMinOptions = {}): NebOptimizer {
  const dt = options.dt ?? 0.2;
  const maxStep = options.maxStep ?? 0.2;
  const perImage = options.perImage ?? true;
  let v = new Float64Array(0);
  let fPrev = new Float64Array(0);
  let dim = 1;
  let first = true;
  return {
    name: "quick-min",
    reset(length, d) {
      if (v.length !== length) {
        v = new Float64Array(length);
        fPrev = new Float64Array(length);
      } else {
        v.fill(0);
      }
      dim = perImage ? d : length;
      first = true;
    },
    step(x, f) {
      const m = v.length;
      for (let o = 0; o < m; o += dim) {
        if (!first) {
          let vf = 0;
          let ff = 0;
          for (let j = o; j < o + dim; j++) {
            v[j] += 0.5 * dt * (f[j] + fPrev[j]);
            vf += v[j] * f[j];
            ff += f[j] * f[j];
          }
          const c = vf > 0 && ff > 0 ? vf / ff : 0;
          for (let j = o; j < o + dim; j++) v[j] = c * f[j];
        }
        let dr2 = 0;
        for (let j = o; j < o + dim; j++) {
          const dj = dt * v[j] + 0.5 * dt * dt * f[j];
          dr2 += dj * dj;
        }
        const dr = Math.sqrt(dr2);
        const s = dr > maxStep ? maxStep / dr : 1;
        for (let j = o; j < o + dim; j++) {
          x[j] += s * (dt * v[j] + 0.5 * dt * dt * f[j]);
          fPrev[j] = f[j];
        }
      }
      first = false;
    },
  };
}
