import type { SdeProblem } from "../problem.js";
import { requiredStructure, type Scheme, type Stepper } from "./types.js";

/**
 * BAOAB splitting (Leimkuhler & Matthews 2013) for underdamped Langevin problems built by
 * `underdamped` (state `[q, p]` per path, mass m, friction γ, temperature k_BT):
 * B: p −= ½h∇U(q); A: q += ½h p/m; O: p ← e^{−γh} p + sqrt(m k_BT (1 − e^{−2γh})) z; A; B.
 * One force evaluation per step (cached between steps); configurational averages have weak order 2
 * (the sampled q-marginal of a harmonic potential is exact at any h). Declared strong order 1.
 * Normals per path and step: n (one per momentum component).
 * @example
 * const osc = underdamped({ dim: 1, friction: 1, temperature: 1, q0: [0], gradient: (q, g) => { g[0] = q[0]; } });
 * const r = await solve(osc, { scheme: baoab, dt: 0.1, t1: 10, paths: 1000, seed: 2, observers: { m: moments() } });
 */
export const baoab: Scheme = {
  name: "baoab",
  strongOrder: 1,
  weakOrder: 2,
  noise: ["additive"],
  calculus: ["ito", "stratonovich"],
  spec: { name: "baoab" },
  requires: { langevin: "an underdamped Langevin problem (see underdamped())" },
  normalsPerStep: (p) => p.structure?.langevin?.n ?? p.noiseDim,
  init(problem: SdeProblem, batch: number): Stepper {
    const { n: nq, force, mass, friction, temperature } = requiredStructure(baoab, problem, "langevin");
    const d = 2 * nq;
    const F = new Float64Array(batch * nq);
    let cached = false;
    let lastH = Number.NaN;
    let c1 = 0;
    let c2 = 0;
    return {
      strided: true,
      begin(_t, x, n) {
        force(x, F, n);
        cached = true;
      },
      step(_t, h, x, z, n, zs = nq, zo = 0) {
        if (!cached) force(x, F, n);
        if (h !== lastH) {
          lastH = h;
          c1 = Math.exp(-friction * h);
          c2 = Math.sqrt(mass * temperature * (1 - c1 * c1));
        }
        const hh = 0.5 * h;
        const hm = hh / mass;
        for (let k = 0; k < n; k++) {
          const b = k * d;
          for (let i = 0; i < nq; i++) {
            let p = x[b + nq + i] - hh * F[k * nq + i];
            let q = x[b + i] + hm * p;
            p = c1 * p + c2 * z[k * zs + zo + i];
            q += hm * p;
            x[b + i] = q;
            x[b + nq + i] = p;
          }
        }
        force(x, F, n);
        for (let k = 0; k < n; k++) {
          const b = k * d;
          for (let i = 0; i < nq; i++) x[b + nq + i] -= hh * F[k * nq + i];
        }
        cached = true;
      },
    };
  },
};
