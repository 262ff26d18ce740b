import type { NebOptimizer } from "./optimizer.js";

/**
 * FIRE parameters (Bitzek et al., PRL 97, 170201, 2006), with ASE's defaults.
 *
 * @example
 * ```ts
 * fire({ dt: 0.05, maxStep: 0.1 });
 * ```
 */
export interface FireOptions {
  /** Initial time step (ASE: 0.1). */
  dt?: number;
  /** Largest time step (ASE: 1.0). */
  dtMax?: number;
  /** Largest norm of one step over all moving images together (ASE's `maxstep`: 0.2). */
  maxStep?: number;
  /** Steps with P = F·v > 0 before dt may grow (ASE: 5). */
  nMin?: number;
  /** dt growth factor (ASE: 1.1). */
  fInc?: number;
  /** dt shrink factor on P ≤ 0 (ASE: 0.5). */
  fDec?: number;
  /** Initial and reset mixing α (ASE: 0.1). */
  aStart?: number;
  /** α decay factor (ASE: 0.99). */
  fA?: number;
}

/**
 * Fast inertial relaxation engine, step for step as ASE's `ase.optimize.FIRE` (semi-implicit
 * Euler, velocity mixing v ← (1−α)v + α|v|F/|F| while F·v > 0, a global cap on the step norm),
 * applied to the whole band as one vector.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { optimizer: fire({ maxStep: 0.1 }) });
 * ```
 */
export function fire(options: FireOptions = {}): NebOptimizer {
  const dt0 = options.dt ?? 0.1;
  const dtMax = options.dtMax ?? 1.0;
  const maxStep = options.maxStep ?? 0.2;
  const nMin = options.nMin ?? 5;
  const fInc = options.fInc ?? 1.1;
  const fDec = options.fDec ?? 0.5;
  const aStart = options.aStart ?? 0.1;
  const fA = options.fA ?? 0.99;
  let v = new Float64Array(0);
  let dt = dt0;
  let a = aStart;
  let nSteps = 0;
  let first = true;
  return {
    name: "fire",
    reset(length, _dim, warm) {
      if (v.length !== length) v = new Float64Array(length);
      else v.fill(0);
      first = true;
      if (warm) return;
      dt = dt0;
      a = aStart;
      nSteps = 0;
    },
    step(x, f) {
      const m = v.length;
      if (first) {
        first = false;
      } else {
        let vf = 0;
        for (let i = 0; i < m; i++) vf += v[i] * f[i];
        if (vf > 0) {
          let vv = 0;
          let ff = 0;
          for (let i = 0; i < m; i++) {
            vv += v[i] * v[i];
            ff += f[i] * f[i];
          }
          const mix = ff > 0 ? (a * Math.sqrt(vv)) / Math.sqrt(ff) : 0;
          for (let i = 0; i < m; i++) v[i] = (1 - a) * v[i] + mix * f[i];
          if (nSteps > nMin) {
            dt = Math.min(dt * fInc, dtMax);
            a *= fA;
          }
          nSteps++;
        } else {
          v.fill(0);
          a = aStart;
          dt *= fDec;
          nSteps = 0;
        }
      }
      let dr2 = 0;
      for (let i = 0; i < m; i++) {
        v[i] += dt * f[i];
        dr2 += dt * v[i] * dt * v[i];
      }
      const dr = Math.sqrt(dr2);
      const scale = dr > maxStep ? (maxStep / dr) * dt : dt;
      for (let i = 0; i < m; i++) x[i] += scale * v[i];
    },
  };
}
