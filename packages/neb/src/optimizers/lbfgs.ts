import type { NebOptimizer } from "./optimizer.js";

/**
 * Options of `lbfgs`.
 *
 * @example
 * ```ts
 * lbfgs({ memory: 10, maxStep: 0.1 });
 * ```
 */
export interface LbfgsOptions {
  /** Number of (s, y) pairs kept (20). */
  memory?: number;
  /** Trust radius: the largest norm of one image's step; the whole step is scaled down (0.2, as ASE). */
  maxStep?: number;
  /** First step F/α (ASE's LBFGS default α = 70); later steps scale the initial inverse Hessian by s·y/y·y. */
  alpha?: number;
}

/**
 * L-BFGS on the NEB forces (as ASE's `LBFGS`: no line search, the step scaled so that no image
 * moves more than the trust radius). Pairs with s·y ≤ 0 are skipped; when the direction points
 * against the force the memory is cleared and a steepest step F/α is taken. Trust radius: a step
 * after which |F| more than doubles is rejected (the images go back, the memory is cleared and the
 * radius halves; that costs one band evaluation); an overshoot (F·s < 0) halves the radius,
 * anything else lets it grow by 1.5 up to `maxStep`.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { optimizer: lbfgs({ maxStep: 0.05 }) });
 * ```
 */
export function lbfgs(options: LbfgsOptions = {}): NebOptimizer {
  const mem = options.memory ?? 20;
  const maxStep = options.maxStep ?? 0.2;
  const h0 = 1 / (options.alpha ?? 70);
  let m = 0;
  let dim = 1;
  let s: Float64Array[] = [];
  let y: Float64Array[] = [];
  const rho = new Float64Array(mem);
  const al = new Float64Array(mem);
  let count = 0;
  let head = 0;
  let x0 = new Float64Array(0);
  let f0 = new Float64Array(0);
  let d = new Float64Array(0);
  let first = true;
  let radius = maxStep;
  let gamma = h0;
  return {
    name: "lbfgs",
    reset(length, dd, warm) {
      if (length !== m) {
        m = length;
        s = Array.from({ length: mem }, () => new Float64Array(length));
        y = Array.from({ length: mem }, () => new Float64Array(length));
        x0 = new Float64Array(length);
        f0 = new Float64Array(length);
        d = new Float64Array(length);
      }
      dim = dd;
      if (!warm) radius = maxStep;
      count = 0;
      head = 0;
      first = true;
    },
    step(x, fIn) {
      let f = fIn;
      if (!first) {
        let ff = 0;
        let ff0 = 0;
        for (let i = 0; i < m; i++) {
          ff += f[i] * f[i];
          ff0 += f0[i] * f0[i];
        }
        if (ff > 4 * ff0) {
          // The force more than doubled: reject the step, go back, shrink the radius, forget.
          x.set(x0);
          f = f0;
          radius = Math.max(radius * 0.5, maxStep * 1e-4);
          count = 0;
        } else {
          const si = s[head];
          const yi = y[head];
          let sy = 0;
          let fs = 0;
          for (let i = 0; i < m; i++) {
            si[i] = x[i] - x0[i];
            yi[i] = f0[i] - f[i];
            sy += si[i] * yi[i];
            fs += f[i] * si[i];
          }
          // Overshoot (the force now points back along the last step): shrink the trust radius;
          // otherwise let it grow back towards maxStep.
          if (fs < 0) radius = Math.max(radius * 0.5, maxStep * 1e-4);
          else radius = Math.min(radius * 1.5, maxStep);
          if (sy > 1e-300) {
            let yy = 0;
            for (let i = 0; i < m; i++) yy += yi[i] * yi[i];
            gamma = sy / yy;
            rho[head] = 1 / sy;
            head = (head + 1) % mem;
            if (count < mem) count++;
          }
        }
      }
      first = false;
      // Two-loop recursion on q = −F (the "gradient").
      for (let i = 0; i < m; i++) d[i] = -f[i];
      for (let k = 1; k <= count; k++) {
        const idx = (head - k + mem) % mem;
        let a = 0;
        const sk = s[idx];
        const yk = y[idx];
        for (let i = 0; i < m; i++) a += sk[i] * d[i];
        a *= rho[idx];
        al[idx] = a;
        for (let i = 0; i < m; i++) d[i] -= a * yk[i];
      }
      const scale0 = count > 0 ? gamma : h0;
      for (let i = 0; i < m; i++) d[i] *= scale0;
      for (let k = count; k >= 1; k--) {
        const idx = (head - k + mem) % mem;
        const sk = s[idx];
        const yk = y[idx];
        let b = 0;
        for (let i = 0; i < m; i++) b += yk[i] * d[i];
        b *= rho[idx];
        const c = al[idx] - b;
        for (let i = 0; i < m; i++) d[i] += c * sk[i];
      }
      // Step = −d; it must point along the force.
      let df = 0;
      for (let i = 0; i < m; i++) df -= d[i] * f[i];
      if (!(df > 0)) {
        count = 0;
        for (let i = 0; i < m; i++) d[i] = -h0 * f[i];
      }
      let big = 0;
      for (let o = 0; o < m; o += dim) {
        let n2 = 0;
        for (let j = o; j < o + dim; j++) n2 += d[j] * d[j];
        if (n2 > big) big = n2;
      }
      big = Math.sqrt(big);
      const scale = big > radius ? radius / big : 1;
      for (let i = 0; i < m; i++) {
        x0[i] = x[i];
        if (f !== f0) f0[i] = f[i];
        x[i] -= scale * d[i];
      }
    },
  };
}
