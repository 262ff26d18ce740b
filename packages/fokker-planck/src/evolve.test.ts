import { AbortError, erf, InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import { mass, minDensity, normalize, sample } from "./density.js";
import { evolve } from "./evolve.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { stationary } from "./stationary.js";
import { entropy, freeEnergy, klDivergence, potentialPhi } from "./thermo.js";

const l1 = (g: ReturnType<typeof grid>, a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * g.cellVolume;
};

describe("evolve", () => {
  it("1-D OU: transient density matches N(e^{−kt}x0, σ²(t)), second order in h", () => {
    const beta = 2;
    const k = 1.5;
    const x0 = 1.2;
    const s0 = 0.05; // initial variance
    const t1 = 0.4;
    const errs: number[] = [];
    for (const n of [80, 160]) {
      const g = grid({ bounds: [[-4, 4]], cells: [n] });
      const op = fokkerPlanck({ beta, potential: (x) => 0.5 * k * x[0] ** 2 }, g);
      const rho0 = normalize(
        g,
        sample(g, (x) => Math.exp(-((x[0] - x0) ** 2) / (2 * s0))),
      );
      const res = evolve(op, rho0, { t1, dt: 0.002, method: "crank-nicolson" });
      const m = Math.exp(-k * t1) * x0;
      const v = s0 * Math.exp(-2 * k * t1) + (1 / (beta * k)) * (1 - Math.exp(-2 * k * t1));
      const exact = normalize(
        g,
        sample(g, (x) => Math.exp(-((x[0] - m) ** 2) / (2 * v))),
      );
      errs.push(l1(g, res.density, exact));
    }
    // CN with dt = 0.002 has time error ~ dt² ≈ 4e-6, below the O(h²) spatial error;
    // second order in h: the error ratio on halving h is ≈ 4 (accept ≥ 3.3, order ≥ 1.7)
    expect(errs[0] / errs[1]).toBeGreaterThan(3.3);
    expect(errs[1]).toBeLessThan(5e-3); // O(h²) with h = 0.05 and a peak curvature ~1/σ² ≈ 10
  });

  it("2-D rotating OU (non-gradient drift): transient matches N(e^{−Kt}x0, Σ(t))", () => {
    const beta = 1;
    const w = 2; // K = I + wJ, e^{−Kt} = e^{−t} R(−wt)
    const s0 = 0.1;
    const x0 = [1.5, 0];
    const t1 = 0.5;
    const errs: number[] = [];
    for (const n of [48, 96]) {
      const g = grid2d([-5, 5], [-5, 5], [n, n]);
      const op = fokkerPlanck(
        {
          beta,
          drift: (x, out) => {
            out[0] = -x[0] + w * x[1];
            out[1] = -x[1] - w * x[0];
          },
        },
        g,
      );
      const rho0 = normalize(
        g,
        sample(g, (x) => Math.exp(-((x[0] - x0[0]) ** 2 + (x[1] - x0[1]) ** 2) / (2 * s0))),
      );
      const res = evolve(op, rho0, { t1, dt: 0.0025, method: "bdf2" });
      const e = Math.exp(-t1);
      const c = Math.cos(w * t1);
      const s = Math.sin(w * t1);
      // R(−wt) x0 with R(θ) = [[cos, −sin], [sin, cos]]
      const m = [e * (c * x0[0] + s * x0[1]), e * (-s * x0[0] + c * x0[1])];
      const v = s0 * Math.exp(-2 * t1) + (1 / beta) * (1 - Math.exp(-2 * t1));
      const exact = normalize(
        g,
        sample(g, (x) => Math.exp(-((x[0] - m[0]) ** 2 + (x[1] - m[1]) ** 2) / (2 * v))),
      );
      errs.push(l1(g, res.density, exact));
    }
    // spatial O(h²) dominates (BDF2 with dt = 2.5e-3: ~1e-5); ratio on halving h ≥ 3.3 (order ≥ 1.7)
    expect(errs[0] / errs[1]).toBeGreaterThan(3.3);
    expect(errs[1]).toBeLessThan(0.01);
  });

  it("conserves mass to 1e-12 per step (reflecting and periodic) and keeps the density ≥ 0", () => {
    const cases = [
      {
        bc: "reflecting" as const,
        bounds: [
          [-2, 2],
          [-2, 2],
        ] as [number, number][],
      },
      {
        bc: "periodic" as const,
        bounds: [
          [0, 1],
          [0, 1],
        ] as [number, number][],
      },
    ];
    for (const { bc, bounds } of cases) {
      const g = grid({ bounds, cells: [40, 40], bc });
      const op = fokkerPlanck(
        {
          beta: 4,
          // tilted periodic landscape: a non-equilibrium steady state with a net current when periodic
          drift: (x, out) => {
            out[0] = 1 + 2 * Math.PI * Math.sin(2 * Math.PI * x[0]) * Math.cos(2 * Math.PI * x[1]);
            out[1] = -0.5 + Math.cos(2 * Math.PI * x[0]);
          },
          diffusion: {
            diagonal: (x, out) => {
              out[0] = 1 + 0.5 * Math.sin(2 * Math.PI * x[1]);
              out[1] = 0.7;
            },
          },
        },
        g,
      );
      const rho0 = normalize(
        g,
        sample(g, (x) => Math.exp(-40 * ((x[0] - 0.3) ** 2 + (x[1] - 0.6) ** 2))),
      );
      for (const method of ["implicit-euler", "crank-nicolson", "bdf2", "explicit"] as const) {
        let worstMin = 0;
        const res = evolve(op, rho0, {
          t1: 0.05,
          dt: 0.005,
          method,
          onStep: (_t, rho) => {
            worstMin = Math.min(worstMin, minDensity(rho));
          },
        });
        // the implicit solves stop only when the mass defect is below 1e-14 (round-off on the sum)
        expect(res.maxMassChange).toBeLessThan(1e-12);
        expect(mass(g, res.density)).toBeAllclose(1, { atol: 1e-12 * res.steps });
        if (method !== "crank-nicolson") {
          // M-matrix steps (explicit within CFL, implicit Euler) are positive; BDF2 is not guaranteed
          // but stays positive here; allow round-off of the Krylov solve (1e-12 × peak ≈ 1e-11)
          expect(worstMin).toBeGreaterThanOrEqual(-1e-11);
        }
      }
    }
  });

  it("free energy: KL(ρ_t‖ρ_ss) never increases along implicit Euler; β⁻¹KL = E[Φ] − β⁻¹H + β⁻¹log Z", () => {
    const beta = 2;
    const g = grid2d([-2.5, 2.5], [-3, 3], [48, 48]);
    const op = fokkerPlanck(
      {
        beta,
        potential: (x) => 0.25 * (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.2 * x[0] * x[1],
        nonGradientDrift: (x, out) => {
          out[0] = 0.8 * x[1];
          out[1] = -0.8 * x[0];
        },
        diffusion: { constantDiagonal: [1, 0.4] },
      },
      g,
    );
    const ss = stationary(op, { tol: 1e-13 });
    const { phi, logZ } = potentialPhi(g, ss.density, beta);
    const rho0 = normalize(
      g,
      sample(g, (x) => Math.exp(-8 * ((x[0] + 1.2) ** 2 + (x[1] - 1) ** 2))),
    );
    const kls: number[] = [klDivergence(g, rho0, ss.density)];
    let worstIdentity = 0;
    evolve(op, rho0, {
      t1: 3,
      dt: 0.05,
      method: "implicit-euler",
      onStep: (_t, rho) => {
        const kl = klDivergence(g, rho, ss.density);
        kls.push(kl);
        const rhs = freeEnergy(g, rho, phi, beta) + logZ / beta;
        worstIdentity = Math.max(worstIdentity, Math.abs(kl / beta - rhs));
      },
    });
    for (let i = 1; i < kls.length; i++) {
      // monotone up to round-off of the KL sum (1e-13) and the solver tolerance on ρ
      expect(kls[i]).toBeLessThanOrEqual(kls[i - 1] + 1e-12);
    }
    expect(kls[0]).toBeGreaterThan(1);
    expect(kls[kls.length - 1]).toBeLessThan(0.05 * kls[0]);
    // algebraic identity, exact up to round-off of sums of ~2300 terms
    expect(worstIdentity).toBeLessThan(1e-8);
    expect(entropy(g, ss.density)).toBeGreaterThan(0);
  });

  it("absorbing boundary: survival of free diffusion from x0 matches erf(x0/√(4At))", () => {
    const A = 0.5; // D = 1, β = 2
    const x0 = 1;
    const Lx = 12; // far boundary: image at 2L − x0 contributes erfc(23/√(4At)) ≈ 0
    const h = 0.025;
    const g = grid({ bounds: [[0, Lx]], cells: [Math.round(Lx / h)], bc: [["absorbing", "reflecting"]] });
    const op = fokkerPlanck({ beta: 2 }, g);
    // start from a narrow normalised Gaussian at x0 (variance s0), equivalent to time shift s0/(2A)
    const s0 = 0.002;
    const rho0 = normalize(
      g,
      sample(g, (x) => Math.exp(-((x[0] - x0) ** 2) / (2 * s0))),
    );
    const times = [0.1, 0.25, 0.5, 1];
    const res = evolve(op, rho0, { t1: 1, dt: 0.002, method: "bdf2", snapshots: times });
    for (const { t, density } of res.snapshots) {
      const tt = t + s0 / (2 * A);
      const exact = erf(x0 / Math.sqrt(4 * A * tt));
      // O(h²) + O(dt²) with h = 0.025: ≲ 1e-3 absolute
      expect(mass(g, density)).toBeAllclose(exact, { atol: 1e-3 });
    }
  });

  it("Krylov matrix exponential agrees with Richardson-extrapolated Crank–Nicolson", () => {
    const g = grid2d([-2, 2], [-2, 2], [32, 32]);
    const op = fokkerPlanck(
      {
        beta: 3,
        potential: (x) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2,
        nonGradientDrift: (x, o) => {
          o[0] = x[1];
          o[1] = -x[0];
        },
      },
      g,
    );
    const rho0 = normalize(
      g,
      sample(g, (x) => Math.exp(-10 * ((x[0] + 1) ** 2 + x[1] ** 2))),
    );
    const a = evolve(op, rho0, { t1: 0.3, dt: 0.002, method: "crank-nicolson" });
    const b = evolve(op, rho0, { t1: 0.3, dt: 0.001, method: "crank-nicolson" });
    const extrapolated = a.density.map((v, i) => (4 * b.density[i] - v) / 3); // removes the O(dt²) term
    const kr = evolve(op, rho0, { t1: 0.3, dt: 0.05, method: "krylov-expm", snapshots: [0.1] });
    let peak = 0;
    for (const v of extrapolated) peak = Math.max(peak, v);
    // extrapolated CN is O(dt⁴)-accurate (~1e-9 here); the Krylov tolerance is 1e-10 per unit time
    expect(kr.density).toBeAllclose(extrapolated, { atol: 1e-8 * peak });
    expect(kr.snapshots.map((s) => s.t)).toEqual([0.1]);
    expect(kr.maxMassChange).toBeLessThan(1e-10); // mass holds to the Krylov tolerance
  });

  it("explicit stepping refuses or sub-steps beyond the stability limit; snapshots; abort", () => {
    const g = grid({ bounds: [[-2, 2]], cells: [100] });
    const op = fokkerPlanck({ beta: 1, potential: (x) => x[0] ** 2 }, g);
    const rho0 = normalize(
      g,
      sample(g, (x) => Math.exp(-4 * x[0] ** 2)),
    );
    expect(() => evolve(op, rho0, { t1: 0.1, dt: 0.01, method: "explicit", cfl: "refuse" })).toThrow(
      InvalidArgumentError,
    );
    const sub = evolve(op, rho0, { t1: 0.1, dt: 0.01, method: "explicit", snapshots: [0, 0.05] });
    expect(sub.snapshots.map((s) => s.t)).toEqual([0, 0.05]);
    expect(minDensity(sub.density)).toBeGreaterThanOrEqual(0); // convex combinations within the CFL limit
    const ie = evolve(op, rho0, { t1: 0.1, dt: 0.0005, method: "crank-nicolson" });
    const mg = evolve(op, rho0, {
      t1: 0.1,
      dt: 0.0005,
      method: "crank-nicolson",
      preconditioner: "multigrid",
    });
    // same discrete scheme, different preconditioner: equal to the solver tolerance (1e-12 relative)
    expect(mg.density).toBeAllclose(ie.density, { atol: 1e-10 });
    // explicit (first order, dt ≤ 1/maxRate ≈ 2.5e-4) vs CN: differ by O(dt) ≈ 1e-4
    expect(l1(g, sub.density, ie.density)).toBeLessThan(1e-3);
    const ac = new AbortController();
    ac.abort();
    expect(() => evolve(op, rho0, { t1: 1, dt: 0.01, signal: ac.signal })).toThrow(AbortError);
  });
});
