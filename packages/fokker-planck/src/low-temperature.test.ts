import { ConvergenceError, InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { dphi1, logGibbs, nonReversible, phi1 } from "../test/double-well.js";
import { grid2d } from "../test/grids.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { stationary } from "./stationary.js";

// The tilted double well of issue 15: Φ = (x² − 1)² + 0.01x (+ y²/2 in 2-D). Its wells differ by 0.02,
// the barrier is 1.01 above the left well and 0.99 above the right one. Temperatures are chosen by
// the lower barrier B = β ΔΦ in kT, from 10 (where iterative solvers still work) to 200.

/** A root of Φ' near x0 (Newton): the wells and the barrier top. */
function critical(x0: number): number {
  let x = x0;
  for (let k = 0; k < 50; k++) x -= dphi1(x) / (12 * x * x - 4);
  return x;
}
const barrier = Math.min(phi1(critical(0)) - phi1(critical(-1)), phi1(critical(0)) - phi1(critical(1)));
const betaFor = (kT: number) => kT / barrier;

/** 8-point Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_8). */
const legendre = (() => {
  const m = 8;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= m; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (m + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      dp = (m * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  return { nodes, weights };
})();

/**
 * ∫ e^{−β(Φ − Φ_min)} over [a, b], composite Gauss–Legendre on 4000 panels: the panel width 1e-3 is
 * ≤ σ/25 for the narrowest well (σ = 1/√(8β) = 0.025 at β = 202), so the error is far below 1e-15.
 */
function boltzmannIntegral(beta: number, a: number, b: number): number {
  const fmin = phi1(critical(-1));
  const panels = 4000;
  const h = (b - a) / panels;
  let s = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let k = 0; k < 8; k++) {
      const x = mid + 0.5 * h * legendre.nodes[k];
      s += 0.5 * h * legendre.weights[k] * Math.exp(-beta * (phi1(x) - fmin));
    }
  }
  return s;
}

/** The continuum left-well mass of e^{−βΦ(x)} on [−2, 2] (in 2-D the y factor cancels). */
const continuumLeft = (beta: number) => {
  const left = boltzmannIntegral(beta, -2, 0);
  return left / (left + boltzmannIntegral(beta, 0, 2));
};

const leftMass = (g: ReturnType<typeof grid>, rho: Float64Array) => {
  const x = new Float64Array(g.dim);
  let m = 0;
  for (let i = 0; i < g.size; i++) if (g.center(i, x)[0] < 0) m += rho[i] * g.cellVolume;
  return m;
};

describe("stationary at low temperature (barriers 10–200 kT)", () => {
  it("1-D equilibrium: the discrete Gibbs state entrywise, and the continuum well mass by quadrature", () => {
    const n = 400;
    const h = 4 / n;
    for (const kT of [10, 40, 100, 200]) {
      const beta = betaFor(kT);
      const g = grid({ bounds: [[-2, 2]], cells: [n] });
      const op = fokkerPlanck({ beta, potential: (x) => phi1(x[0]) }, g, {
        pecletWarning: Number.POSITIVE_INFINITY,
      });
      const ss = stationary(op);
      expect(ss.method).toBe("gth");
      // Scharfetter–Gummel makes e^{−βf} exact; GTH's entrywise relative error is a few n ε ≈ 1e-13
      // and β f itself (up to 1800) is rounded to 4e-13: 1e-10 in log ρ is a relative 1e-10 in ρ
      expect(ss.logDensity).toBeAllclose(logGibbs(op), { atol: 1e-10 });
      // The cell sums are the midpoint rule for ∫ e^{−βΦ}; its error is the Euler–Maclaurin term
      // (h²/24)[g'] at the ends of each half, where only the cut x = 0 (g = e^{−βΔΦ}) is not ~0.
      const gPrime0 = beta * Math.abs(dphi1(0)) * Math.exp(-beta * (phi1(0) - phi1(critical(-1))));
      const z0 = boltzmannIntegral(beta, -2, 2);
      const eulerMaclaurin = (h * h * gPrime0) / 24 / z0;
      expect(leftMass(g, ss.density)).toBeAllclose(continuumLeft(beta), { atol: 1e-12 + 2 * eulerMaclaurin });
      expect(ss.diagnostic.certified).toBe(true);
      expect(ss.diagnostic.maxImbalance).toBeLessThan(1e-12); // positive sums of accurate terms
    }
    // the numbers: 0.689 at β = 40 (not the barrier-scaled β)
    const g = grid({ bounds: [[-2, 2]], cells: [n] });
    const ss = stationary(fokkerPlanck({ beta: 40, potential: (x) => phi1(x[0]) }, g));
    expect(leftMass(g, ss.density)).toBeAllclose(0.6891523755056748, { rtol: 1e-12 }); // EM term e^{−40}
  });

  it("2-D equilibrium: GTH reproduces the discrete Gibbs state entrywise up to 200 kT", () => {
    for (const kT of [40, 200]) {
      const beta = betaFor(kT);
      // walls where β Φ is ≳ 45 above the wells, resolved wells (σ/h ≥ 1 in x and y)
      const xm = Math.sqrt(1 + Math.sqrt(45 / beta));
      const ym = Math.sqrt(90 / beta);
      const g = grid2d([-xm, xm], [-ym, ym], [160, 96]);
      const op = fokkerPlanck({ beta, potential: (x) => phi1(x[0]) + x[1] ** 2 / 2 }, g, {
        pecletWarning: Number.POSITIVE_INFINITY,
      });
      const ss = stationary(op);
      expect(ss.method).toBe("gth");
      // as in 1-D, for n = 15 360 states: measured ≤ 1.6e-13
      expect(ss.logDensity).toBeAllclose(logGibbs(op), { atol: 1e-10 });
      expect(leftMass(g, ss.density)).toBeAllclose(
        leftMass(g, Float64Array.from(logGibbs(op), Math.exp)),
        { rtol: 1e-12 }, // sums of entrywise-accurate positive terms
      );
      expect(ss.diagnostic.basins).toBe(2);
      expect(ss.diagnostic.certified).toBe(true);
    }
  });

  it("2-D non-reversible λ = 1.5 at 10 and 40 kT: the well mass converges at second order to e^{−βΦ}", () => {
    // the box [−2, 2]²; at 40 kT the iterative path used to stop ("BiCGSTAB did not reach tol")
    for (const [kT, minOrder] of [
      [10, 1.8],
      [40, 1.6],
    ]) {
      const beta = betaFor(kT);
      const exact = continuumLeft(beta);
      const masses: number[] = [];
      for (const n of [64, 128, 256]) {
        const op = nonReversible(
          beta,
          [
            [-2, 2],
            [-2, 2],
          ],
          [n, n],
        );
        const ss = stationary(op);
        expect(ss.diagnostic.certified).toBe(true);
        masses.push(leftMass(op.grid, ss.density));
      }
      const err = masses.map((m) => Math.abs(m - exact));
      const order = Math.log2(err[1] / err[2]);
      // measured 1.98 (10 kT) and 1.81 (40 kT): the order approaches 2 from below as the cell Péclet
      // number (≈ 5 at 256², 40 kT) falls; a wrong split would not converge at all
      expect(order).toBeGreaterThan(minOrder);
      expect(order).toBeLessThan(2.3);
      // Richardson with order 2 must gain at least a factor 2 if the error is the discretisation's
      const richardson = masses[2] + (masses[2] - masses[1]) / 3;
      expect(Math.abs(richardson - exact)).toBeLessThan(err[2] / 2);
    }
  });

  it("2-D non-reversible at 200 kT: certified, and second order once the wells are resolved", () => {
    const beta = betaFor(200);
    const xm = Math.sqrt(1 + Math.sqrt(45 / beta));
    const ym = Math.sqrt(90 / beta);
    const exact = continuumLeft(beta);
    const masses: number[] = [];
    for (const [nx, ny] of [
      [256, 142],
      [512, 284],
    ]) {
      const op = nonReversible(
        beta,
        [
          [-xm, xm],
          [-ym, ym],
        ],
        [nx, ny],
      );
      const ss = stationary(op);
      expect(ss.method).toBe("gth");
      expect(ss.diagnostic.certified).toBe(true);
      masses.push(leftMass(op.grid, ss.density));
    }
    const err = masses.map((m) => Math.abs(m - exact));
    // measured errors 1.51e-2 and 2.94e-3 (order 2.36 as the cell Péclet number drops from 7.6 to 3.9)
    const order = Math.log2(err[0] / err[1]);
    expect(order).toBeGreaterThan(1.8);
    expect(order).toBeLessThan(2.8);
    expect(err[1]).toBeLessThan(5e-3);
    const richardson = masses[1] + (masses[1] - masses[0]) / 3;
    expect(Math.abs(richardson - exact)).toBeLessThan(err[1] / 2);
  });

  it("says so instead of answering when it cannot certify: typed errors with what to do", () => {
    const beta = betaFor(40);
    const box: [number, number][] = [
      [-2, 2],
      [-2, 2],
    ];
    // large enough that GTH is not the cheapest route, too large for a 1-entry GTH budget
    const op = nonReversible(beta, box, [160, 160]);
    let caught: unknown;
    try {
      stationary(op, { gthMaxEntries: 1, maxIterations: 3 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    expect((caught as Error).message).toMatch(/gthMaxEntries/);
    expect((caught as Error).message).toMatch(/coarser grid/);
    // GTH needs non-negative rates: the central cross-diffusion scheme of a strongly correlated D has none
    const central = fokkerPlanck(
      {
        beta: 1,
        potential: (x) => phi1(x[0]) + x[1] ** 2 / 2,
        diffusion: { constantMatrix: [1, 0.95, 0.95, 1] },
      },
      grid({ bounds: box, cells: [24, 24] }),
    );
    expect(central.diagnostics.positivityViolations).toBeGreaterThan(0);
    expect(() => stationary(central, { method: "gth" })).toThrow(InvalidArgumentError);
    expect(() => stationary(central, { method: "gth" })).toThrow(/options\.method/);
  });
});
