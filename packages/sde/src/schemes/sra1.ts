import type { SdeProblem } from "../problem.js";
import type { Scheme, Stepper } from "./types.js";

/**
 * Rößler's SRA1 (SIAM J. Numer. Anal. 48, 2010), a stochastic Runge–Kutta scheme for additive noise
 * with strong order 1.5 and weak order 2: two drift evaluations per step,
 *   H = x + ¾ b(t, x) h + (3/2) σ ΔZ / h,
 *   x ← x + h (⅓ b(t, x) + ⅔ b(t + ¾h, H)) + σ ΔW,
 * where ΔZ = ∫ (W_s − W_t) ds over the step; (ΔW, ΔZ) are drawn exactly from 2 normals per noise
 * dimension: ΔW = √h z₁, ΔZ = ½ h^{3/2} (z₁ + z₂/√3). Normals per path and step: 2m, laid out
 * `[z₁ (m), z₂ (m)]`.
 * @example
 * const r = await solve(ouProblem, { scheme: sra1, dt: 0.05, t1: 1, paths: 100, seed: 1, observers: {} });
 */
export const sra1: Scheme = {
  name: "sra1",
  strongOrder: 1.5,
  weakOrder: 2,
  noise: ["additive"],
  calculus: ["ito", "stratonovich"],
  spec: { name: "sra1" },
  normalsPerStep: (p) => 2 * p.noiseDim,
  init(problem: SdeProblem, batch: number): Stepper {
    const d = problem.dim;
    const m = problem.noiseDim;
    const sigma = problem.sigma as Float64Array;
    const drift = problem.drift;
    const f1 = new Float64Array(batch * d);
    const f2 = new Float64Array(batch * d);
    const hx = new Float64Array(batch * d);
    const dwn = new Float64Array(batch * d); // σ ΔW
    const dzn = new Float64Array(batch * d); // σ ΔZ · 3/(2h)
    const inv3 = 1 / Math.sqrt(3);
    return {
      strided: true,
      step(t, h, x, z, n, zStride = 2 * m, zOffset = 0) {
        const sq = Math.sqrt(h);
        for (let k = 0; k < n; k++) {
          const bz = k * zStride + zOffset;
          for (let i = 0; i < d; i++) {
            let sw = 0;
            let sz = 0;
            for (let j = 0; j < m; j++) {
              const s = sigma[i * m + j];
              if (s === 0) continue;
              const z1 = z[bz + j];
              sw += s * z1;
              sz += s * (z1 + z[bz + m + j] * inv3);
            }
            dwn[k * d + i] = sq * sw;
            dzn[k * d + i] = 0.75 * sq * sz;
          }
        }
        drift(t, x, f1, n);
        const nd = n * d;
        for (let j = 0; j < nd; j++) hx[j] = x[j] + 0.75 * h * f1[j] + dzn[j];
        drift(t + 0.75 * h, hx, f2, n);
        for (let j = 0; j < nd; j++) x[j] += h * (f1[j] / 3 + (2 * f2[j]) / 3) + dwn[j];
      },
    };
  },
};
