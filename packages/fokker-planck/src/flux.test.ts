// Properties of the flux seam that hold without any stored answer: mass conservation (zero column
// sums), the M-matrix sign pattern, exact Gibbs states, and the convergence order on Example 19,
// for the built-in discretisations. Fluxes written outside the package (SQRA, upwinding) are
// tested in examples/extending.
import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import {
  type CsrMatrix,
  example19,
  type FokkerPlanckOperator,
  type FokkerPlanckProblem,
  fokkerPlanck,
  scharfetterGummel,
  spmv,
  stationary,
} from "./index.js";

// Everything has period 4 on the box [−2, 2]², so the same problems serve periodic grids (a
// potential that is not periodic would make the wrap faces disagree).
const k = Math.PI / 2;
const f2 = (x: Float64Array) =>
  Math.cos(k * x[0]) + 0.5 * Math.sin(k * x[1]) + 0.3 * Math.cos(k * (x[0] + x[1]));
const rotation = (x: Float64Array, o: Float64Array) => {
  o[0] = 0.7 + Math.sin(k * x[1]);
  o[1] = -0.4 - Math.cos(k * x[0]);
};
const box = (n: number, bc: "reflecting" | "periodic" = "reflecting") => grid2d([-2, 2], [-2, 2], [n, n], bc);

/** Largest |column sum| relative to the largest |entry| of that column. */
function columnSumDefect(L: CsrMatrix): number {
  const sum = new Float64Array(L.cols);
  const big = new Float64Array(L.cols);
  for (let i = 0; i < L.rows; i++) {
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) {
      sum[L.colIndex[p]] += L.values[p];
      big[L.colIndex[p]] = Math.max(big[L.colIndex[p]], Math.abs(L.values[p]));
    }
  }
  let worst = 0;
  for (let j = 0; j < L.cols; j++) worst = Math.max(worst, Math.abs(sum[j]) / big[j]);
  return worst;
}

/** Entries of L e^{−βf}, relative to Σ|L_ij| e^{−βf_j} per row (0 for an exact Gibbs state). */
function gibbsResidual(op: FokkerPlanckOperator): number {
  const L = op.generator;
  const f = op.potentialValues as Float64Array;
  const rho = new Float64Array(L.rows);
  for (let i = 0; i < rho.length; i++) rho[i] = Math.exp(-op.beta * f[i]);
  const r = spmv(L, rho, new Float64Array(L.rows));
  let worst = 0;
  for (let i = 0; i < L.rows; i++) {
    let s = 0;
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) s += Math.abs(L.values[p] * rho[L.colIndex[p]]);
    worst = Math.max(worst, Math.abs(r[i]) / s);
  }
  return worst;
}

function offDiagonalMin(L: CsrMatrix): number {
  let min = 0;
  for (let i = 0; i < L.rows; i++)
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++)
      if (L.colIndex[p] !== i) min = Math.min(min, L.values[p]);
  return min;
}

const problems: Record<string, FokkerPlanckProblem> = {
  isotropic: { beta: 3, potential: f2 },
  "anisotropic + rotation": {
    beta: 2,
    potential: f2,
    nonGradientDrift: rotation,
    diffusion: { constantDiagonal: [1, 0.4] },
  },
  "full D(x)": {
    beta: 2,
    potential: f2,
    diffusion: {
      matrix: (x, o) => {
        o[0] = 1 + 0.3 * Math.cos(k * x[0]);
        o[1] = o[2] = 0.4 * Math.sin(k * x[1]);
        o[3] = 0.7 + 0.1 * Math.sin(k * x[0]);
      },
    },
  },
};

describe("flux seam: built-in and external discretisations", () => {
  it("every flux and stencil conserves mass (zero column sums at reflecting and periodic walls)", () => {
    for (const [name, p] of Object.entries(problems)) {
      for (const bc of ["reflecting", "periodic"] as const) {
        for (const crossDiffusion of ["central", "monotone"] as const) {
          const op = fokkerPlanck(p, box(20, bc), {
            flux: scharfetterGummel,
            crossDiffusion,
            pecletWarning: Infinity,
          });
          // column sums are sums of ±(same face coefficient)/h: round-off of a few terms (≤ 1e-14
          // of the column's largest entry; a lost face term would be O(1))
          expect(columnSumDefect(op.generator), `${name} ${bc} ${crossDiffusion}`).toBeLessThan(1e-14);
        }
      }
    }
  });

  it("Scharfetter–Gummel makes e^{−βf} exactly stationary for constant isotropic D", () => {
    for (const bc of ["reflecting", "periodic"] as const) {
      const op = fokkerPlanck({ beta: 3, potential: f2 }, box(40, bc));
      // out[0] e^{−βf_L} + out[1] e^{−βf_R} = 0 face by face, up to round-off in B(±P)
      expect(gibbsResidual(op)).toBeLessThan(1e-13);
      // the control: with a position-dependent D the Gibbs state of f is not stationary (Φ ≠ f)
      expect(gibbsResidual(fokkerPlanck(problems["full D(x)"], box(40, bc)))).toBeGreaterThan(1e-4);
    }
  });

  it("M-matrix sign pattern: SG and the Selling stencil have no negative off-diagonals", () => {
    for (const [name, p] of Object.entries(problems)) {
      const op = fokkerPlanck(p, box(24), { crossDiffusion: "monotone", pecletWarning: Infinity });
      expect(op.diagnostics.positivityViolations, name).toBe(0);
      expect(offDiagonalMin(op.generator)).toBeGreaterThanOrEqual(0);
    }
    // the central cross-diffusion stencil is not monotone for a strongly anisotropic D: the control
    const central = fokkerPlanck(
      { beta: 1, potential: f2, diffusion: { constantMatrix: [1, 0.95, 0.95, 1] } },
      box(24),
    );
    expect(central.diagnostics.positivityViolations).toBeGreaterThan(0);
  });

  it("the operator records the discretisation it was built with", () => {
    const op = fokkerPlanck(problems["full D(x)"], box(12), {
      flux: scharfetterGummel,
      crossDiffusion: "monotone",
    });
    expect(op.discretisation.flux).toBe(scharfetterGummel);
    // the string shorthand (and the default) is the same object
    expect(fokkerPlanck(problems.isotropic, box(8), { flux: "scharfetter-gummel" }).discretisation.flux).toBe(
      scharfetterGummel,
    );
    expect(fokkerPlanck(problems.isotropic, box(8)).discretisation.flux).toBe(scharfetterGummel);
    expect(op.discretisation.crossDiffusion.name).toBe("monotone");
    expect(op.crossDiffusion).toBe("monotone");
    expect(() => fokkerPlanck(problems.isotropic, box(8), { flux: "upwind" as never })).toThrow(
      /^options\.flux: /,
    );
  });

  it("Example 19 (non-gradient drift, exact ρ_ss): SG converges at order 2", () => {
    const m = example19(1.5);
    const errorOn = (n: number) => {
      // ρ_ss ∝ e^{−(x²−1)²/4 − y²/2}: the walls at |x| = 3, |y| = 6 cut off < e^{−16} of the mass
      const g = grid2d([-3, 3], [-6, 6], [n, n]);
      const op = fokkerPlanck(m.problem(), g);
      const ss = stationary(op, { method: "gth" });
      const c = g.centers();
      let err = 0;
      for (let i = 0; i < g.size; i++)
        err += Math.abs(ss.density[i] - m.stationaryDensity([c[2 * i], c[2 * i + 1]])) * g.cellVolume;
      return err;
    };
    const e = [24, 48, 96].map((n) => errorOn(n));
    const orders = [Math.log2(e[0] / e[1]), Math.log2(e[1] / e[2])];
    // the finest pair is in the asymptotic range: within ±0.3 of the nominal order
    expect(Math.abs(orders[1] - 2), `L1 errors ${e}, orders ${orders}`).toBeLessThan(0.3);
  });
});
