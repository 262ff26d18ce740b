import { ConvergenceError, InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { expectConvergence, grid2d } from "../test/grids.js";
import { circulation, current, faceCurrent } from "./current.js";
import { mass, moments, normalize, sample } from "./density.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import type { FokkerPlanckProblem } from "./problem.js";
import { stationary } from "./stationary.js";
import { klDivergence } from "./thermo.js";

const l1 = (g: ReturnType<typeof grid>, a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * g.cellVolume;
};

/** Solves H Σ + Σ Hᵀ = 2 A for 2×2 matrices (row-major), Σ symmetric. */
function lyapunov2(H: number[], A: number[]): number[] {
  // unknowns s00, s01, s11
  const [a, b, c, d] = H;
  const M = [
    [2 * a, 2 * b, 0],
    [c, a + d, b],
    [0, 2 * c, 2 * d],
  ];
  const r = [2 * A[0], 2 * A[1], 2 * A[3]];
  // Cramer's rule
  const det3 = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const D = det3(M);
  const sol = [0, 1, 2].map((k) => det3(M.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)))) / D);
  return [sol[0], sol[1], sol[1], sol[2]];
}

function gaussian2(cov: number[]) {
  const det = cov[0] * cov[3] - cov[1] * cov[2];
  const inv = [cov[3] / det, -cov[1] / det, -cov[2] / det, cov[0] / det];
  return (x: Float64Array) =>
    Math.exp(-0.5 * (inv[0] * x[0] * x[0] + 2 * inv[1] * x[0] * x[1] + inv[3] * x[1] * x[1]));
}

/**
 * An x-dependent full tensor D(x) with the drift b = ∇·D − D∇U, so that e^{−U} (β = 1) is stationary
 * with zero current: an exact reference for variable anisotropic diffusion.
 */
const fieldDetailedBalance = (() => {
  const Dm = (x: Float64Array, out: Float64Array) => {
    out[0] = 1 + 0.25 * x[0] ** 2;
    out[1] = out[2] = 0.3 + 0.1 * x[1];
    out[3] = 1;
  };
  const U = (x: Float64Array) => 0.5 * x[0] ** 2 + 0.5 * x[1] ** 2 + 0.2 * x[0] * x[1];
  const d = new Float64Array(4);
  const problem: FokkerPlanckProblem = {
    beta: 1,
    diffusion: { matrix: Dm },
    drift: (x, out) => {
      Dm(x, d);
      const gu = [x[0] + 0.2 * x[1], x[1] + 0.2 * x[0]];
      // (∇·D)_0 = ∂x D00 + ∂y D01 = 0.5x + 0.1, (∇·D)_1 = 0
      out[0] = 0.5 * x[0] + 0.1 - (d[0] * gu[0] + d[1] * gu[1]);
      out[1] = -(d[2] * gu[0] + d[3] * gu[1]);
    },
  };
  return { U, problem };
})();

describe("stationary", () => {
  it("double well, isotropic D: equals the normalised discrete Gibbs density, current zero", () => {
    const beta = 3;
    const f = (x: Float64Array) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.3 * x[0] * x[1];
    const g = grid2d([-2, 2], [-2, 2], [64, 64]);
    const op = fokkerPlanck({ beta, potential: f }, g);
    for (const method of ["multigrid", "ilu"] as const) {
      const ss = stationary(op, { method, tol: 1e-13 });
      const gibbs = normalize(
        g,
        sample(g, (x) => Math.exp(-beta * f(x))),
      );
      let gmax = 0;
      for (const v of gibbs) gmax = Math.max(gmax, v);
      // linear-solver tolerance 1e-13 × condition growth ≈ 1e-11 relative to the peak
      expect(ss.density).toBeAllclose(gibbs, { atol: 1e-11 * gmax, rtol: 0 });
      expect(ss.residual).toBeLessThan(1e-11);
      expect(mass(g, ss.density)).toBeAllclose(1, { rtol: 1e-14 }); // normalised by construction
      const scale = op.diagnostics.maxRate * gmax;
      for (const J of faceCurrent(op, ss.density)) {
        let worst = 0;
        for (const v of J) worst = Math.max(worst, Math.abs(v));
        expect(worst / scale).toBeLessThan(1e-11); // zero up to the solver tolerance
      }
    }
  });

  it("1-D: OU drift is exact (midpoint rule integrates a linear drift); a nonlinear drift is second order", () => {
    const beta = 2;
    const k = 1.5;
    const errs: number[] = [];
    for (const n of [40, 80, 160]) {
      const g = grid({ bounds: [[-4, 4]], cells: [n] });
      const ou = stationary(fokkerPlanck({ beta, drift: (x, o) => (o[0] = -k * x[0]) }, g));
      const exactOu = normalize(
        g,
        sample(g, (x) => Math.exp(-0.5 * beta * k * x[0] ** 2)),
      );
      // h·b(x_face) = −(U_R − U_L) exactly for U = kx²/2: the discrete Gibbs state, to round-off
      expect(l1(g, ou.density, exactOu)).toBeLessThan(1e-13);
      // b = −U' with U = x⁴/4 − x²/2 + 0.3x: the face-midpoint drift is O(h³) per face → O(h²)
      const dw = stationary(fokkerPlanck({ beta, drift: (x, o) => (o[0] = -(x[0] ** 3) + x[0] - 0.3) }, g));
      const exactDw = normalize(
        g,
        sample(g, (x) => Math.exp(-beta * (x[0] ** 4 / 4 - x[0] ** 2 / 2 + 0.3 * x[0]))),
      );
      errs.push(l1(g, dw.density, exactDw));
    }
    // second order: ratios ≈ 4 per halving of h (accept ≥ 3.5)
    expectConvergence(errs, 3.5);
  });

  it("rotational OU b = −(I + qJ)x: stationary N(0, β⁻¹ I), error second order under refinement", () => {
    const beta = 2;
    const q = 1.5;
    const errs: number[] = [];
    for (const n of [24, 48, 96]) {
      const g = grid2d([-4, 4], [-4, 4], [n, n]);
      const op = fokkerPlanck(
        {
          beta,
          potential: (x) => 0.5 * (x[0] ** 2 + x[1] ** 2),
          nonGradientDrift: (x, out) => {
            out[0] = q * x[1];
            out[1] = -q * x[0];
          },
        },
        g,
      );
      const ss = stationary(op);
      const exact = normalize(
        g,
        sample(g, (x) => Math.exp(-0.5 * beta * (x[0] ** 2 + x[1] ** 2))),
      );
      errs.push(l1(g, ss.density, exact));
    }
    const order1 = Math.log2(errs[0] / errs[1]);
    const order2 = Math.log2(errs[1] / errs[2]);
    // second order: observed orders within ±0.3 of 2 (pre-asymptotic drift on these grids)
    expect(order1).toBeGreaterThan(1.7);
    expect(order2).toBeGreaterThan(1.7);
    expect(order2).toBeLessThan(2.3);
  });

  it("rotational double well −(I + qJ)∇U: e^{−βU}/Z, rotating current, circulation sign", () => {
    const beta = 2;
    const q = 1;
    const U = (x: Float64Array) => 0.25 * (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2;
    const gradU = (x: Float64Array, out: Float64Array) => {
      out[0] = x[0] * (x[0] ** 2 - 1);
      out[1] = x[1];
    };
    const g0 = new Float64Array(2);
    const problem: FokkerPlanckProblem = {
      beta,
      potential: U,
      nonGradientDrift: (x, out) => {
        // −qJ∇U with J = [[0, −1], [1, 0]]
        gradU(x, g0);
        out[0] = q * g0[1];
        out[1] = -q * g0[0];
      },
    };
    const densErr: number[] = [];
    const curErr: number[] = [];
    const circ: number[] = [];
    let exactCirc = 0;
    for (const n of [32, 64, 128]) {
      const g = grid2d([-2.5, 2.5], [-4, 4], [n, n]);
      const op = fokkerPlanck(problem, g);
      const ss = stationary(op);
      const exact = normalize(
        g,
        sample(g, (x) => Math.exp(-beta * U(x))),
      );
      densErr.push(l1(g, ss.density, exact));
      // exact current J = −qJ∇U ρ_ss = q(∂yU, −∂xU) ρ_ss
      const J = current(op, ss.density);
      const x = new Float64Array(2);
      let e = 0;
      for (let i = 0; i < g.size; i++) {
        g.center(i, x);
        gradU(x, g0);
        e +=
          (Math.abs(J[2 * i] - q * g0[1] * exact[i]) + Math.abs(J[2 * i + 1] + q * g0[0] * exact[i])) *
          g.cellVolume;
      }
      curErr.push(e);
      const rect = [
        [0.5, 1.5],
        [-0.5, 0.5],
      ] as const;
      circ.push(circulation(op, ss.density, { rectangle: rect }));
      if (n === 128) {
        // exact ∮ J·dl on the loop of cell centres that circulation() uses, by fine midpoint quadrature
        let Z = 0;
        const c = new Float64Array(2);
        for (let i = 0; i < g.size; i++) Z += Math.exp(-beta * U(g.center(i, c))) * g.cellVolume;
        const p = new Float64Array(2);
        const Jx = (x0: number, y0: number, comp: number) => {
          p[0] = x0;
          p[1] = y0;
          gradU(p, g0);
          const rho = Math.exp(-beta * U(p)) / Z;
          return comp === 0 ? q * g0[1] * rho : -q * g0[0] * rho;
        };
        const snap = (ax: number, a: number) => {
          const h = g.spacing[ax];
          const lo = g.bounds[ax][0];
          return lo + (Math.round((a - lo) / h - 0.5) + 0.5) * h;
        };
        const [x0, x1, y0, y1] = [
          snap(0, rect[0][0]),
          snap(0, rect[0][1]),
          snap(1, rect[1][0]),
          snap(1, rect[1][1]),
        ];
        const M = 4000;
        for (let k = 0; k < M; k++) {
          const xm = x0 + ((k + 0.5) / M) * (x1 - x0);
          const ym = y0 + ((k + 0.5) / M) * (y1 - y0);
          exactCirc += ((Jx(xm, y0, 0) - Jx(xm, y1, 0)) * (x1 - x0)) / M;
          exactCirc += ((Jx(x1, ym, 1) - Jx(x0, ym, 1)) * (y1 - y0)) / M;
        }
      }
    }
    // errors fall under refinement at close to second order (ratio ≥ 3 per halving of h)
    expectConvergence(densErr, 3);
    expectConvergence(curErr, 3);
    // J = q(∂yU, −∂xU)ρ turns clockwise around the minimum (1, 0) for q > 0: negative circulation
    for (const c of circ) expect(c).toBeLessThan(0);
    expect(exactCirc).toBeLessThan(0);
    // finest grid within 2 % of the exact line integral (O(h²) ≈ (5/128)² ≈ 1.5e-3 times constants)
    expect(circ[2]).toBeAllclose(exactCirc, { rtol: 0.02 });
  });

  it("anisotropic diagonal D with non-separable f: stationary differs from Gibbs beyond discretisation error", () => {
    const beta = 1;
    const f = (x: Float64Array) => 0.25 * (x[0] ** 2 - 1) ** 2 + 0.5 * (x[1] - 0.8 * x[0]) ** 2;
    const kl: number[] = [];
    for (const n of [48, 96, 192]) {
      const g = grid2d([-3, 3], [-4, 4], [n, n]);
      const op = fokkerPlanck({ beta, potential: f, diffusion: { constantDiagonal: [1, 0.2] } }, g);
      const ss = stationary(op);
      // strictly positive even in the far tails (the Perron vector of an M-matrix generator)
      expect(Math.min(...ss.density)).toBeGreaterThan(0);
      const gibbs = normalize(
        g,
        sample(g, (x) => Math.exp(-beta * f(x))),
      );
      kl.push(klDivergence(g, ss.density, gibbs));
    }
    // the KL changes by |kl1 − kl2| between the two finest grids (an upper estimate of its
    // discretisation error): require the KL itself to be 20× larger
    expect(kl[2]).toBeGreaterThan(20 * Math.abs(kl[1] - kl[2]));
    expect(kl[2]).toBeGreaterThan(0.01);
    // and the KL converges at second order (ratio of successive changes ≈ 4)
    expect(Math.abs(kl[0] - kl[1]) / Math.abs(kl[1] - kl[2])).toBeGreaterThan(3);
  });

  it("linear case (Lemma 20): diagonal and full constant D give the Lyapunov covariance, second order", () => {
    const beta = 1.5;
    const H = [1.2, 0.5, 0.5, 0.8];
    for (const D of [
      [1, 0, 0, 0.3],
      [1, 0.3, 0.3, 0.5],
    ]) {
      const A = D.map((v) => v / beta);
      const cov = lyapunov2(H, A);
      const dens = gaussian2(cov);
      const errs: number[] = [];
      for (const n of [32, 64, 128]) {
        const g = grid2d([-5, 5], [-5, 5], [n, n]);
        const op = fokkerPlanck(
          {
            beta,
            potential: (x) => 0.5 * (H[0] * x[0] ** 2 + 2 * H[1] * x[0] * x[1] + H[3] * x[1] ** 2),
            diffusion: D[1] === 0 ? { constantDiagonal: [D[0], D[3]] } : { constantMatrix: D },
          },
          g,
        );
        const ss = stationary(op);
        errs.push(l1(g, ss.density, normalize(g, sample(g, dens))));
        if (n === 128) {
          const m = moments(g, ss.density);
          // covariance to O(h²) ≈ 6e-3 relative (midpoint-rule moments + scheme error)
          expect(m.covariance).toBeAllclose(cov, { rtol: 0.02, atol: 0.005 });
        }
      }
      // observed order ≥ 1.7 on the last two refinements (second order expected)
      expect(Math.log2(errs[1] / errs[2])).toBeGreaterThan(1.7);
    }
  });

  it("x-dependent full tensor D(x): b = ∇·D − D∇U has stationary e^{−U} (β = 1), error and current O(h²)", () => {
    const { U, problem } = fieldDetailedBalance;
    const errs: number[] = [];
    const jmax: number[] = [];
    for (const n of [24, 48, 96]) {
      const g = grid2d([-4, 4], [-4, 4], [n, n]);
      const op = fokkerPlanck(problem, g);
      const ss = stationary(op);
      const exact = normalize(
        g,
        sample(g, (x) => Math.exp(-U(x))),
      );
      errs.push(l1(g, ss.density, exact));
      let jm = 0;
      for (const v of current(op, ss.density)) jm = Math.max(jm, Math.abs(v));
      jmax.push(jm);
    }
    // second order: error ratios ≥ 3.3 per halving (order ≥ 1.7); the current (zero in the continuum) too
    expectConvergence(errs, 3.3);
    expect(jmax[1] / jmax[2]).toBeGreaterThan(3.3);
  });

  it("3-D OU with diagonal D: stationary Gaussian with variances β⁻¹D_kk/k_k", () => {
    const beta = 1;
    const k = [1, 2, 0.5];
    const Dd = [1, 0.5, 2];
    const g = grid({
      bounds: [
        [-4, 4],
        [-3, 3],
        [-6, 6],
      ],
      cells: [24, 24, 24],
    });
    const op = fokkerPlanck(
      {
        beta,
        potential: (x) => 0.5 * (k[0] * x[0] ** 2 + k[1] * x[1] ** 2 + k[2] * x[2] ** 2),
        diffusion: { constantDiagonal: Dd },
      },
      g,
    );
    const ss = stationary(op);
    const m = moments(g, ss.density);
    const expected = [Dd[0] / k[0], 0, 0, 0, Dd[1] / k[1], 0, 0, 0, Dd[2] / k[2]];
    // h = 1/3 – 1/2: O(h²) relative errors of a few percent (midpoint moments + scheme)
    expect(m.covariance).toBeAllclose(expected, { rtol: 0.06, atol: 0.02 });
  });

  it("drift-only problem at large β: nested-scaled multigrid converges in a grid-independent count", () => {
    // a tilted, rotating double well given only as a drift (no potential to scale with)
    const drift = (x: Float64Array, o: Float64Array) => {
      o[0] = -4 * x[0] * (x[0] ** 2 - 1) + 0.7 * x[1];
      o[1] = -x[1] - 0.3 * x[0] - (x[0] ** 2 - 1) * x[0];
    };
    const its: number[] = [];
    for (const n of [64, 128]) {
      const g = grid2d([-2, 2], [-2.5, 2.5], [n, n]);
      // the multigrid path itself ("auto" takes the exact GTH elimination at these sizes)
      const ss = stationary(fokkerPlanck({ beta: 10, drift }, g), { method: "multigrid" });
      expect(ss.diagnostic.certified).toBe(true);
      its.push(ss.iterations);
      expect(ss.residual).toBeLessThan(1e-12); // pinned solve to 1e-11 relative, measured ~5e-14
      expect(Math.min(...ss.density)).toBeGreaterThan(0);
    }
    // measured 5–6 iterations; unscaled multigrid failed to converge at 128² (2000 iterations)
    expect(Math.max(...its)).toBeLessThanOrEqual(15);
  });

  it("strong cross-diffusion (not an M-matrix): falls back to ILU(0) when multigrid stagnates", () => {
    const f = (x: Float64Array) => (x[0] ** 2 - 1) ** 2 / 4 + 0.5 * (x[1] - x[0] / 2) ** 2;
    const g = grid2d([-3.5, 3.5], [-3.5, 3.5], [112, 112]);
    const op = fokkerPlanck(
      { beta: 2, potential: f, diffusion: { constantMatrix: [1, -0.6, -0.6, 0.5] } },
      g,
    );
    expect(op.diagnostics.positivityViolations).toBeGreaterThan(0);
    const ss = stationary(op);
    expect(ss.method).toBe("ilu"); // measured: multigrid stagnates on this operator (β = 2, 112²)
    expect(ss.residual).toBeLessThan(1e-11); // pinned solve to 1e-11 relative
    const direct = stationary(op, { method: "ilu" });
    expect(ss.density).toBeAllclose(direct.density, { atol: 1e-10 }); // same system, same solver
  });

  it("refuses absorbing boundaries (no stationary density)", () => {
    const g = grid({ bounds: [[0, 1]], cells: [8], bc: [["absorbing", "reflecting"]] });
    expect(() => stationary(fokkerPlanck({ beta: 1 }, g))).toThrow(InvalidArgumentError);
  });

  it("throws ConvergenceError with iterations and residual when the iteration budget is too small", () => {
    const g = grid2d([-2, 2], [-2, 2], [32, 32]);
    const op = fokkerPlanck(
      {
        beta: 1,
        drift: (x, out) => {
          out[0] = -x[0] + x[1];
          out[1] = -x[1] - x[0];
        },
      },
      g,
    );
    let caught: unknown;
    try {
      stationary(op, { method: "ilu", maxIterations: 2 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    expect((caught as ConvergenceError).iterations).toBe(2);
    expect((caught as ConvergenceError).residual).toBeGreaterThan(1e-11);
  });
});

/** Column sums of the generator: the rate at which each cell's mass leaves the domain (0 = kept). */
function columnSums(op: ReturnType<typeof fokkerPlanck>): Float64Array {
  const { rowPtr, colIndex, values, rows } = op.generator;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++)
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) out[colIndex[p]] += values[p];
  return out;
}

describe("monotone cross-diffusion (Selling's stencil, Markov-chain rates)", () => {
  // Non-equilibrium OU dx = −F x dt + √(2A) dW with a strongly anisotropic A (eigenvalues 1 and 1/50,
  // axes at 30°, so |A₁₂| > A₂₂) and a non-normal F: ρ_ss = N(0, Σ) with FΣ + ΣFᵀ = 2A and the
  // current J = (AΣ⁻¹ − F) x ρ_ss, both exact.
  const beta = 1;
  const th = Math.PI / 6;
  const [c, s] = [Math.cos(th), Math.sin(th)];
  const [lam1, lam2] = [1, 0.02];
  const D = [
    lam1 * c * c + lam2 * s * s,
    (lam1 - lam2) * c * s,
    (lam1 - lam2) * c * s,
    lam1 * s * s + lam2 * c * c,
  ];
  const F = [1, 0.5, -0.3, 0.8];
  const cov = lyapunov2(F, D);
  const det = cov[0] * cov[3] - cov[1] * cov[2];
  const inv = [cov[3] / det, -cov[1] / det, -cov[2] / det, cov[0] / det];
  // M = AΣ⁻¹ − F: J = M x ρ
  const M = [
    D[0] * inv[0] + D[1] * inv[2] - F[0],
    D[0] * inv[1] + D[1] * inv[3] - F[1],
    D[2] * inv[0] + D[3] * inv[2] - F[2],
    D[2] * inv[1] + D[3] * inv[3] - F[3],
  ];
  const problem: FokkerPlanckProblem = {
    beta,
    diffusion: { constantMatrix: D },
    drift: (x, out) => {
      out[0] = -(F[0] * x[0] + F[1] * x[1]);
      out[1] = -(F[2] * x[0] + F[3] * x[1]);
    },
  };

  it("is an M-matrix where the central scheme is not; density and current converge at second order", () => {
    const densErr: number[] = [];
    const curErr: number[] = [];
    for (const n of [32, 64, 128]) {
      const g = grid2d([-5, 5], [-5, 5], [n, n]);
      const central = fokkerPlanck(problem, g, { pecletWarning: Number.POSITIVE_INFINITY });
      expect(central.diagnostics.positivityViolations).toBeGreaterThan(0);
      const op = fokkerPlanck(problem, g, { crossDiffusion: "monotone" });
      expect(op.crossDiffusion).toBe("monotone");
      expect(op.diagnostics.positivityViolations).toBe(0);
      expect(op.warnings.map((w) => w.code)).not.toContain("positivity");
      // mass conservation: every column of the generator sums to zero (reflecting box)
      for (const v of columnSums(op)) expect(Math.abs(v)).toBeLessThan(1e-12 * op.diagnostics.maxRate);
      const ss = stationary(op);
      let min = Number.POSITIVE_INFINITY;
      for (const v of ss.density) min = Math.min(min, v);
      expect(min).toBeGreaterThanOrEqual(0); // (far tails underflow to 0) the central scheme dips below zero
      const exact = normalize(g, sample(g, gaussian2(cov)));
      densErr.push(l1(g, ss.density, exact));
      const J = current(op, ss.density);
      const x = new Float64Array(2);
      let e = 0;
      for (let i = 0; i < g.size; i++) {
        g.center(i, x);
        e +=
          (Math.abs(J[2 * i] - (M[0] * x[0] + M[1] * x[1]) * exact[i]) +
            Math.abs(J[2 * i + 1] - (M[2] * x[0] + M[3] * x[1]) * exact[i])) *
          g.cellVolume;
      }
      curErr.push(e);
    }
    if (process.env.FP_REPORT) console.log("monotone", densErr, curErr);
    // second order: each halving of h divides the errors by ≥ 3 (4 expected)
    expectConvergence(densErr, 3);
    expectConvergence(curErr, 3);
  });

  it("an x-dependent D(x) field: detailed balance b = ∇·D − D∇U, ρ_ss → e^{−U} and J → 0 at second order", () => {
    // the problem of the central-scheme test above; the chain's rates use D, b at each cell's
    // centre (Itô form), so no face values are needed
    const { U, problem: field } = fieldDetailedBalance;
    const dens: number[] = [];
    const cur: number[] = [];
    for (const n of [32, 64, 128]) {
      const g = grid2d([-4.5, 4.5], [-4.5, 4.5], [n, n]);
      const op = fokkerPlanck(field, g, {
        crossDiffusion: "monotone",
        pecletWarning: Number.POSITIVE_INFINITY,
      });
      expect(op.diagnostics.positivityViolations).toBe(0);
      const ss = stationary(op);
      dens.push(
        l1(
          g,
          ss.density,
          normalize(
            g,
            sample(g, (x) => Math.exp(-U(x))),
          ),
        ),
      );
      const J = current(op, ss.density);
      let j = 0;
      for (let i = 0; i < g.size; i++) j += (Math.abs(J[2 * i]) + Math.abs(J[2 * i + 1])) * g.cellVolume;
      cur.push(j);
    }
    if (process.env.FP_REPORT) console.log("monotone field", dens, cur);
    // measured 4.7e-3, 1.2e-3, 2.9e-4 and 2.4e-3, 6.1e-4, 1.5e-4: ratios ≈ 4; accept ≥ 3.5
    expectConvergence(dens, 3.5);
    expectConvergence(cur, 3.5);
  });

  it("the central scheme's density goes negative on the same problem (what monotone mode fixes)", () => {
    const g = grid2d([-5, 5], [-5, 5], [64, 64]);
    const ss = stationary(fokkerPlanck(problem, g, { pecletWarning: Number.POSITIVE_INFINITY }));
    let min = Number.POSITIVE_INFINITY;
    for (const v of ss.density) min = Math.min(min, v);
    expect(min).toBeLessThan(0);
  });

  it("periodic and absorbing boundaries: mass is conserved on a torus and only leaves through absorbing walls", () => {
    const torus = grid2d([0, 1], [0, 1], [24, 24], "periodic");
    const drift = {
      beta: 1,
      diffusion: { constantMatrix: D },
      drift: (_x: Float64Array, o: Float64Array) => o.set([1, -0.5]),
    };
    const op = fokkerPlanck(drift, torus, { crossDiffusion: "monotone" });
    for (const v of columnSums(op)) expect(Math.abs(v)).toBeLessThan(1e-12 * op.diagnostics.maxRate);
    // constant drift and diffusion on a torus: the uniform density is stationary, J = b ρ
    const uniform = new Float64Array(torus.size).fill(1);
    const J = current(op, uniform);
    for (let i = 0; i < torus.size; i++) {
      expect(J[2 * i]).toBeCloseTo(1, 10);
      expect(J[2 * i + 1]).toBeCloseTo(-0.5, 10);
    }
    const box = grid({
      bounds: [
        [-1, 1],
        [-1, 1],
      ],
      cells: [16, 16],
      bc: ["absorbing", "reflecting"],
    });
    const ab = fokkerPlanck(drift, box, { crossDiffusion: "monotone" });
    expect(ab.diagnostics.positivityViolations).toBe(0);
    const lost = columnSums(ab);
    // Selling's directions here are (1, 1), (2, 1), (1, 0): a cell loses mass iff it is within two
    // columns of an absorbing wall; no cell gains any (the walls along y reflect)
    for (let i = 0; i < box.size; i++) {
      const ix = Math.floor(i / 16);
      if (ix === 0 || ix === 15) expect(lost[i]).toBeLessThan(0);
      else if (ix >= 2 && ix <= 13) expect(Math.abs(lost[i])).toBeLessThan(1e-12 * ab.diagnostics.maxRate);
      else expect(lost[i]).toBeLessThan(1e-12 * ab.diagnostics.maxRate);
    }
  });

  it("names the option in its errors", () => {
    const g3 = grid({
      bounds: [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      cells: [4, 4, 4],
    });
    const p3: FokkerPlanckProblem = { beta: 1, diffusion: { constantMatrix: [1, 0, 0, 0, 1, 0, 0, 0, 1] } };
    expect(() => fokkerPlanck(p3, g3, { crossDiffusion: "monotone" })).toThrow(/^options\.crossDiffusion: /);
    const g = grid2d([0, 1], [0, 1], [4, 4]);
    expect(() => fokkerPlanck(problem, g, { crossDiffusion: "upwind" as never })).toThrow(
      InvalidArgumentError,
    );
  });
});
