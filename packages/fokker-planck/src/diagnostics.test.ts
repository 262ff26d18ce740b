import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import { circulation, current } from "./current.js";
import { marginal, mass, minDensity, mode, moments, normalize, sample } from "./density.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { stationary } from "./stationary.js";
import { potentialPhi } from "./thermo.js";

describe("density diagnostics", () => {
  it("marginals, moments and mode of a correlated Gaussian", () => {
    // domain ≥ 6σ around the mean in every direction, so truncation is ~1e-9
    const g = grid2d([-7, 8], [-10, 8], [150, 180]);
    const cov = [1, 0.5, 0.5, 2];
    const det = cov[0] * cov[3] - cov[1] * cov[2];
    const rho = normalize(
      g,
      sample(g, (x) => {
        const [a, b] = [x[0] - 0.5, x[1] + 1];
        return Math.exp(-0.5 * ((cov[3] * a * a - 2 * cov[1] * a * b + cov[0] * b * b) / det));
      }),
    );
    const m = moments(g, rho);
    expect(m.mass).toBeAllclose(1, { rtol: 1e-14 }); // normalised by construction
    // the midpoint rule is spectrally accurate for a Gaussian well inside the domain: only the ~1e-9
    // truncation of the tails remains
    expect(m.mean).toBeAllclose([0.5, -1], { atol: 1e-6 });
    expect(m.covariance).toBeAllclose(cov, { atol: 1e-6 });
    const px = marginal(g, rho, 0);
    expect(mass(grid({ bounds: [[-7, 8]], cells: [150] }), px)).toBeAllclose(1, { rtol: 1e-12 }); // a 1-D density
    // the marginal of x is N(0.5, 1) at the cell centres (sums over y spectrally accurate)
    const xs = g.axisCenters(0);
    const expected = Array.from(xs, (x) => Math.exp(-0.5 * (x - 0.5) ** 2) / Math.sqrt(2 * Math.PI));
    expect(px).toBeAllclose(expected, { atol: 1e-7 });
    const md = mode(g, rho);
    expect(Array.from(md)).toBeAllclose([0.5, -1], { atol: 0.05 }); // within half a cell
    expect(minDensity(rho)).toBeGreaterThan(0);
  });

  it("potential Φ of a Gibbs state equals βf up to a constant, and log Z matches", () => {
    const g = grid({ bounds: [[-3, 3]], cells: [200] });
    const beta = 1.7;
    const f = (x: Float64Array) => x[0] ** 4 / 4 - x[0] ** 2;
    const op = fokkerPlanck({ beta, potential: f }, g);
    const ss = stationary(op, { tol: 1e-13 });
    const { phi, logZ } = potentialPhi(g, ss.density, beta);
    const fmin = Math.min(...(op.potentialValues as Float64Array));
    const expected = Array.from(op.potentialValues as Float64Array, (v) => v - fmin);
    // Φ = f − min f exactly for the discrete Gibbs state; solver tolerance 1e-13 in ρ → 1e-9 in log ρ tails
    expect(phi).toBeAllclose(expected, { atol: 1e-8 });
    let Z = 0;
    for (const v of expected) Z += Math.exp(-beta * v) * g.cellVolume;
    expect(logZ).toBeAllclose(Math.log(Z), { rtol: 1e-10 });
  });

  it("3-D: current and circulation in a chosen plane", () => {
    const g = grid({
      bounds: [
        [-3, 3],
        [-3, 3],
        [-3, 3],
      ],
      cells: [20, 20, 20],
    });
    const q = 1;
    const op = fokkerPlanck(
      {
        beta: 1,
        potential: (x) => 0.5 * (x[0] ** 2 + x[1] ** 2 + x[2] ** 2),
        // rotation in the (y, z) plane: −qJ∇U restricted to axes 1, 2 → (0, q z, −q y)
        nonGradientDrift: (x, o) => {
          o[0] = 0;
          o[1] = q * x[2];
          o[2] = -q * x[1];
        },
      },
      g,
    );
    const ss = stationary(op);
    const J = current(op, ss.density);
    expect(J.length).toBe(g.size * 3);
    const rect = [
      [-1, 1],
      [-1, 1],
    ] as const;
    const cyz = circulation(op, ss.density, { rectangle: rect, axes: [1, 2], at: [0, 0, 0] });
    const cxy = circulation(op, ss.density, { rectangle: rect, axes: [0, 1], at: [0, 0, 0] });
    // J = q(z, −y)ρ in the (y, z) plane turns clockwise: negative; no rotation in (x, y): |·| tiny
    expect(cyz).toBeLessThan(0);
    expect(Math.abs(cxy)).toBeLessThan(1e-3 * Math.abs(cyz)); // O(h²) discretisation of zero, relative
  });
});
