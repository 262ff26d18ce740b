import type { SdeProblem } from "../problem.js";
import { noiseProduct, type Scheme, type Stepper } from "./types.js";

/**
 * Euler–Maruyama: x ← x + b(t, x) h + σ(t, x) ΔW, ΔW = √h z. Itô SDEs with any noise kind; strong
 * order 0.5 (1.0 for additive noise), weak order 1. One normal per noise dimension per step.
 * @example
 * const result = await solve(problem, { scheme: eulerMaruyama, dt: 0.01, t1: 1, paths: 1000, seed: 1,
 *   observers: { m: moments() } });
 */
export const eulerMaruyama: Scheme = {
  name: "eulerMaruyama",
  strongOrder: 0.5,
  weakOrder: 1,
  noise: ["scalar", "diagonal", "additive", "general"],
  calculus: ["ito"],
  spec: { name: "eulerMaruyama" },
  normalsPerStep: (p) => p.noiseDim,
  init(problem: SdeProblem, batch: number): Stepper {
    const d = problem.dim;
    const m = problem.noiseDim;
    const f = new Float64Array(batch * d);
    const drift = problem.drift;
    const sd = problem.sigmaDiagonal;
    if (sd) {
      const c = new Float64Array(d);
      return {
        strided: true,
        step(t, h, x, z, n, zs = m, zo = 0) {
          drift(t, x, f, n);
          const sq = Math.sqrt(h);
          for (let i = 0; i < d; i++) c[i] = sd[i] * sq;
          if (d === 1) {
            const c0 = c[0];
            for (let k = 0; k < n; k++) x[k] += f[k] * h + c0 * z[k * zs + zo];
          } else if (d === 2) {
            const c0 = c[0];
            const c1 = c[1];
            for (let k = 0; k < n; k++) {
              const b = k * zs + zo;
              const j = 2 * k;
              x[j] += f[j] * h + c0 * z[b];
              x[j + 1] += f[j + 1] * h + c1 * z[b + 1];
            }
          } else {
            for (let k = 0; k < n; k++) {
              const b = k * zs + zo;
              const j = k * d;
              for (let i = 0; i < d; i++) x[j + i] += f[j + i] * h + c[i] * z[b + i];
            }
          }
        },
      };
    }
    const g = new Float64Array(problem.noise === "additive" ? 0 : batch * problem.sigmaWidth);
    const gz = new Float64Array(batch * d);
    const prod = noiseProduct(problem);
    const diffusion = problem.diffusion;
    const additive = problem.noise === "additive";
    return {
      strided: true,
      step(t, h, x, z, n, zs = m, zo = 0) {
        drift(t, x, f, n);
        if (!additive) diffusion(t, x, g, n);
        prod(g, z, zs, zo, Math.sqrt(h), n, gz);
        const nd = n * d;
        for (let j = 0; j < nd; j++) x[j] += f[j] * h + gz[j];
      },
    };
  },
};
