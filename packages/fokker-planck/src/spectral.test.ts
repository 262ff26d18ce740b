import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import { mass, sample } from "./density.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import type { FokkerPlanckProblem } from "./problem.js";
import { spectralSolver } from "./spectral.js";
import { stationary } from "./stationary.js";

const TAU = 2 * Math.PI;

describe("spectralSolver", () => {
  it("advects and diffuses a Fourier mode exactly (constant drift, anisotropic constant D)", () => {
    const g = grid2d([0, 1], [0, 2], [32, 32], "periodic");
    const b = [0.7, -0.3];
    const beta = 2;
    const D = [0.4, 0.1, 0.1, 0.3];
    const sp = spectralSolver({ beta, drift: (_x, o) => o.set(b), diffusion: { constantMatrix: D } }, g);
    const k = [TAU, TAU / 2]; // mode cos(2πx + πy)
    const rho0 = sample(g, (x) => 1 + 0.5 * Math.cos(k[0] * x[0] + k[1] * x[1]));
    const t1 = 0.5;
    const res = sp.evolve(rho0, { t1, dt: 1e-3 });
    const lam = (k[0] * k[0] * D[0] + 2 * k[0] * k[1] * D[1] + k[1] * k[1] * D[3]) / beta;
    const exact = sample(
      g,
      (x) => 1 + 0.5 * Math.exp(-lam * t1) * Math.cos(k[0] * (x[0] - b[0] * t1) + k[1] * (x[1] - b[1] * t1)),
    );
    // CN/AB2 in time: error O(dt²) ≈ (λ + |k·b|)² dt² t ≈ 1e-5; spectral in space
    expect(res.density).toBeAllclose(exact, { atol: 2e-5 });
    expect(mass(g, res.density)).toBeAllclose(mass(g, rho0), { rtol: 1e-13 }); // the k = 0 mode never changes
  });

  it("cross-check: finite-volume stationary state converges to the spectral one at second order", () => {
    // tilted periodic landscape with a non-gradient part: a non-equilibrium steady state with current
    const problem: FokkerPlanckProblem = {
      beta: 2,
      potential: (x) => 0.5 * Math.sin(TAU * x[0]) * Math.cos(TAU * x[1]),
      nonGradientDrift: (x, o) => {
        o[0] = 0.8;
        o[1] = 0.3 * Math.sin(TAU * x[0]);
      },
      diffusion: { constantDiagonal: [1, 0.5] },
    };
    const ref = spectralSolver(problem, grid2d([0, 1], [0, 1], [32, 32], "periodic"));
    const spec = ref.stationary({ tol: 1e-10 });
    expect(spec.change).toBeLessThan(1e-10);
    const errs: number[] = [];
    for (const n of [16, 32, 64]) {
      const g = grid2d([0, 1], [0, 1], [n, n], "periodic");
      const fv = stationary(fokkerPlanck(problem, g));
      // compare on the 16² cells: average the FV density over blocks, the spectral one likewise
      const block = (rho: Float64Array, m: number) => {
        const out = new Float64Array(16 * 16);
        const r = m / 16;
        for (let i = 0; i < m; i++)
          for (let j = 0; j < m; j++)
            out[Math.floor(i / r) * 16 + Math.floor(j / r)] += rho[i * m + j] / (r * r);
        return out;
      };
      const a = block(fv.density, n);
      const s = block(spec.density, 32);
      let e = 0;
      for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - s[i]));
      errs.push(e);
    }
    // block averages of point values differ by O(h_ref²) too, so compare convergence, not zero:
    // FV error ratio ≥ 3 per halving of h (second order), and small on the finest grid
    expect(errs[0] / errs[1]).toBeGreaterThan(3);
    expect(errs[2]).toBeLessThan(0.02);
  });

  it("with only a periodic potential: the spectral stationary state is the Gibbs density (spectral accuracy)", () => {
    const beta = 1.5;
    const f = (x: Float64Array) =>
      0.6 * Math.sin(TAU * x[0]) + 0.4 * Math.cos(TAU * x[1]) * Math.sin(TAU * x[0]);
    const g = grid2d([0, 1], [0, 1], [32, 32], "periodic");
    const sp = spectralSolver({ beta, potential: f, diffusion: 0.8 }, g);
    let progressed = 0;
    sp.evolve(
      sample(g, () => 1),
      { t1: 0.01, dt: 0.001, onProgress: (fr) => (progressed = fr) },
    );
    expect(progressed).toBeAllclose(1, { rtol: 1e-12 }); // the last callback reports the end
    const ss = sp.stationary({ tol: 1e-10 });
    const gibbs = sample(g, (x) => Math.exp((-beta * f(x)) / 0.8));
    const m = mass(g, gibbs);
    for (let i = 0; i < gibbs.length; i++) gibbs[i] /= m;
    // spectral derivative of a trigonometric polynomial is exact; the marching stops at a relative
    // change of 1e-10 per unit time, i.e. ~1e-9 from the fixed point
    expect(ss.density).toBeAllclose(gibbs, { rtol: 1e-7 });
  });

  it("rejects non-periodic grids, sizes that are not powers of two and x-dependent diffusion", () => {
    expect(() => spectralSolver({ beta: 1 }, grid({ bounds: [[0, 1]], cells: [16] }))).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      spectralSolver({ beta: 1 }, grid({ bounds: [[0, 1]], cells: [12], bc: "periodic" })),
    ).toThrow(/power of two/);
    expect(() =>
      spectralSolver(
        { beta: 1, diffusion: { diagonal: (_x, o) => o.fill(1) } },
        grid({ bounds: [[0, 1]], cells: [16], bc: "periodic" }),
      ),
    ).toThrow(/constant diffusion/);
  });
});
