import type { NebOptimizer } from "./optimizer.js";

/**
 * Options of `momentum`.
 *
 * @example
 * ```ts
 * momentum({ learningRate: (k) => 0.01 / (1 + k / 100), momentum: 0.9 });
 * ```
 */
export interface MomentumOptions {
  /** Learning rate η (step = η·force), a number or a function of the step count (0.01). */
  learningRate?: number | ((step: number) => number);
  /** Momentum μ in v ← μ v + η F (0.9). */
  momentum?: number;
  /** Largest norm of one image's step (Infinity). */
  maxStep?: number;
}

/**
 * Gradient steps with heavy-ball momentum, v ← μ v + η F, x ← x + v, as Draxler et al.'s AutoNEB
 * (SGD with momentum on the projected forces, with a learning rate per cycle).
 *
 * @example
 * ```ts
 * neb(energy, a, b, { optimizer: momentum({ learningRate: 1e-3, momentum: 0.9 }) });
 * ```
 */
export function momentum(options: MomentumOptions = {}): NebOptimizer {
  const lr = options.learningRate ?? 0.01;
  const mu = options.momentum ?? 0.9;
  const maxStep = options.maxStep ?? Number.POSITIVE_INFINITY;
  let v = new Float64Array(0);
  let dim = 1;
  let count = 0;
  return {
    name: "momentum",
    reset(length, d) {
      if (v.length !== length) v = new Float64Array(length);
      else v.fill(0);
      dim = d;
      count = 0;
    },
    step(x, f) {
      const eta = typeof lr === "number" ? lr : lr(count);
      count++;
      const m = v.length;
      for (let o = 0; o < m; o += dim) {
        let dr2 = 0;
        for (let j = o; j < o + dim; j++) {
          v[j] = mu * v[j] + eta * f[j];
          dr2 += v[j] * v[j];
        }
        const dr = Math.sqrt(dr2);
        if (dr > maxStep) {
          const s = maxStep / dr;
          for (let j = o; j < o + dim; j++) v[j] *= s;
        }
        for (let j = o; j < o + dim; j++) x[j] += v[j];
      }
    },
  };
}
