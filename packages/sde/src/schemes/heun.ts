import type { SdeProblem } from "../problem.js";
import { noiseProduct, type Scheme, type Stepper } from "./types.js";

/**
 * Stochastic Heun (predictor–corrector trapezoid), for Stratonovich SDEs with any noise kind:
 * x̃ = x + b h + σ ΔW, x ← x + ½(b + b̃) h + ½(σ + σ̃) ΔW. Strong order 1 for scalar, additive and
 * commutative diagonal noise, 0.5 for general noise (declared: 0.5); weak order 1.
 * @example
 * const r = await solve(stratonovichProblem, { scheme: heun, dt: 0.01, t1: 1, paths: 100, seed: 1, observers: {} });
 */
export const heun: Scheme = {
  name: "heun",
  strongOrder: 0.5,
  weakOrder: 1,
  noise: ["scalar", "diagonal", "additive", "general"],
  calculus: ["stratonovich"],
  spec: { name: "heun" },
  normalsPerStep: (p) => p.noiseDim,
  init(problem: SdeProblem, batch: number): Stepper {
    const d = problem.dim;
    const m = problem.noiseDim;
    const { drift, diffusion } = problem;
    const additive = problem.noise === "additive";
    const w = additive ? 0 : batch * problem.sigmaWidth;
    const f1 = new Float64Array(batch * d);
    const f2 = new Float64Array(batch * d);
    const g1 = new Float64Array(w);
    const g2 = new Float64Array(w);
    const n1 = new Float64Array(batch * d);
    const n2 = new Float64Array(batch * d);
    const xt = new Float64Array(batch * d);
    const prod = noiseProduct(problem);
    return {
      strided: true,
      step(t, h, x, z, n, zs = m, zo = 0) {
        const sq = Math.sqrt(h);
        const nd = n * d;
        drift(t, x, f1, n);
        if (!additive) diffusion(t, x, g1, n);
        prod(g1, z, zs, zo, sq, n, n1);
        for (let j = 0; j < nd; j++) xt[j] = x[j] + f1[j] * h + n1[j];
        drift(t + h, xt, f2, n);
        if (additive) {
          for (let j = 0; j < nd; j++) x[j] += 0.5 * (f1[j] + f2[j]) * h + n1[j];
          return;
        }
        diffusion(t + h, xt, g2, n);
        prod(g2, z, zs, zo, sq, n, n2);
        for (let j = 0; j < nd; j++) x[j] += 0.5 * (f1[j] + f2[j]) * h + 0.5 * (n1[j] + n2[j]);
      },
    };
  },
};
