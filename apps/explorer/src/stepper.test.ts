import { fokkerPlanck, grid, klDivergence, mass, stationary } from "@langevin/fokker-planck";
import { describe, expect, it } from "vitest";
import { DensityStepper, MAX_EXPLICIT_SUBSTEPS, positiveDensity } from "./stepper.js";

const g = grid({
  bounds: [
    [-2, 2],
    [-2, 2],
  ],
  cells: [32, 32],
});
const f = (x: Float64Array) => 0.5 * (x[0] * x[0] - 1) ** 2 + 0.5 * x[1] * x[1] + 0.3 * x[0] * x[1];

function gaussian(): Float64Array {
  const rho = new Float64Array(g.size);
  const c = g.centers();
  for (let k = 0; k < g.size; k++)
    rho[k] = Math.exp(-((c[2 * k] + 1.2) ** 2 + (c[2 * k + 1] - 1) ** 2) / 0.1);
  const m = mass(g, rho);
  for (let k = 0; k < g.size; k++) rho[k] /= m;
  return rho;
}

describe("DensityStepper", () => {
  for (const [label, dt, method] of [
    ["explicit", 0.01, "explicit"],
    ["implicit Euler", 0.5, "implicit-euler"],
  ] as const) {
    it(`${label}: conserves mass, KL(ρ_t‖ρ_ss) never increases, reaches ρ_ss`, () => {
      for (const diffusion of [1, { constantMatrix: [1, 0.3, 0.3, 0.6] }]) {
        // as the explorer builds it: Selling's monotone stencil for the full D, an M-matrix either way
        const op = fokkerPlanck({ beta: 2, potential: f, diffusion }, g, { crossDiffusion: "monotone" });
        expect(op.diagnostics.positivityViolations).toBe(0);
        const ss = positiveDensity(g, stationary(op, { tol: 1e-12 }).density);
        const st = new DensityStepper(op, dt);
        expect(st.method).toBe(method);
        expect(st.substeps).toBeLessThanOrEqual(MAX_EXPLICIT_SUBSTEPS);
        const rho = gaussian();
        let kl = klDivergence(g, rho, ss);
        const kl0 = kl;
        for (let k = 0; k < Math.round(20 / dt); k++) {
          st.step(rho);
          // Σρ dV: explicit steps conserve it to round-off (~N·ε), implicit solves to sumTol 1e-13
          expect(Math.abs(mass(g, rho) - 1)).toBeLessThan(1e-11);
          let negative = 0;
          for (let i = 0; i < rho.length; i++) if (rho[i] < 0) negative++;
          expect(negative).toBe(0);
          const next = klDivergence(g, rho, ss);
          // data processing inequality for a positive stochastic map with ρₛₛ as fixed point;
          // 1e-12 relative for round-off
          expect(next).toBeLessThanOrEqual(kl * (1 + 1e-12) + 1e-15);
          kl = next;
        }
        // t = 20: the slowest (inter-well) rate is ~ e^{−βΔf}·O(1) ≈ 0.2–0.4 (βΔf = 1), so KL has
        // fallen by far more than e^{−4}; 0.05 is a loose bound that still fails if the stepper stalls
        expect(kl).toBeLessThan(0.05 * kl0);
      }
    });
  }
});
