// Issue 5's cross-package check: with an anisotropic diagonal D and a non-separable loss, the
// Fokker–Planck stationary density is NOT the Gibbs density e^{-βf}/Z (Chaudhari & Soatto, Lemma 6),
// and an ensemble of SDE paths of dx = -∇f dt + sqrt(2β⁻¹D) dW lands on the Fokker–Planck density,
// not on Gibbs, within sampling error.
import { fokkerPlanck, grid, klDivergence, normalize, sample, stationary } from "@langevin/fokker-planck";
import { eulerMaruyama, fromPotential, histogram2d, solve } from "@langevin/sde";
import { describe, expect, it } from "vitest";

const beta = 2;
const c = 0.4; // the x·y coupling that makes f non-separable
const f = (x: ArrayLike<number>) => 0.25 * (x[0] * x[0] - 1) ** 2 + 0.5 * x[1] * x[1] + c * x[0] * x[1];
const dDiag = [1, 0.2];
const bounds: [number, number][] = [
  [-2.5, 2.5],
  [-2, 2],
];
const bins = [20, 16];

/** Sums a fine density (times the cell volume) into coarse bins of `factor` × `factor` cells. */
function binProbabilities(rho: Float64Array, cells: number[], cellVolume: number): Float64Array {
  const [fx, fy] = [cells[0] / bins[0], cells[1] / bins[1]];
  const p = new Float64Array(bins[0] * bins[1]);
  for (let i = 0; i < cells[0]; i++) {
    for (let j = 0; j < cells[1]; j++) {
      p[Math.floor(i / fx) * bins[1] + Math.floor(j / fy)] += rho[i * cells[1] + j] * cellVolume;
    }
  }
  return p;
}

function fpBins(cells: number[], diffusion: { constantDiagonal: number[] } | number) {
  const g = grid({ bounds, cells, bc: "reflecting" });
  const op = fokkerPlanck({ beta, potential: f, diffusion }, g);
  const ss = stationary(op, { tol: 1e-12 });
  const gibbs = normalize(
    g,
    sample(g, (x) => Math.exp(-beta * f(x))),
  );
  return {
    g,
    density: ss.density,
    residual: ss.residual,
    gibbs,
    p: binProbabilities(ss.density, cells, g.cellVolume),
    pGibbs: binProbabilities(gibbs, cells, g.cellVolume),
  };
}

/** Pearson's χ² of observed counts against probabilities, over bins expecting ≥ 5 (rest pooled). */
function chiSquare(
  counts: ArrayLike<number>,
  p: ArrayLike<number>,
  n: number,
): { chi2: number; dof: number } {
  let chi2 = 0;
  let dof = -1;
  let pooledObserved = n;
  let pooledExpected = n;
  for (let k = 0; k < p.length; k++) {
    const e = n * p[k];
    if (e < 5) continue;
    chi2 += (counts[k] - e) ** 2 / e;
    pooledObserved -= counts[k];
    pooledExpected -= e;
    dof++;
  }
  if (pooledExpected >= 5) {
    chi2 += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    dof++;
  }
  return { chi2, dof };
}

describe("anisotropic diffusion: Fokker–Planck stationary density against SDE paths", () => {
  const fine = fpBins([160, 128], { constantDiagonal: dDiag });
  const coarse = fpBins([80, 64], { constantDiagonal: dDiag });

  it("differs from Gibbs by far more than the discretisation error", () => {
    // Discretisation error estimated by grid refinement (second-order scheme: the 80×64 → 160×128
    // difference bounds the fine grid's error by about a third of itself), measured on the same bins.
    const klGibbs = klDivergence(fine.g, fine.density, fine.gibbs);
    let refinement = 0;
    for (let k = 0; k < fine.p.length; k++) {
      if (fine.p[k] > 0) refinement += fine.p[k] * Math.log(fine.p[k] / coarse.p[k]);
    }
    expect(fine.residual).toBeLessThan(1e-8);
    expect(klGibbs).toBeGreaterThan(100 * Math.abs(refinement));
    expect(klGibbs).toBeGreaterThan(1e-3);
  });

  it("matches an Euler–Maruyama ensemble within sampling error, and the ensemble rejects Gibbs", async () => {
    const paths = 30_000;
    const dt = 0.005;
    const problem = fromPotential({
      dim: 2,
      temperature: 1 / beta,
      batchedGradient: (x, out, n) => {
        for (let k = 0; k < n; k++) {
          const a = x[2 * k];
          const b = x[2 * k + 1];
          out[2 * k] = a * (a * a - 1) + c * b;
          out[2 * k + 1] = b + c * a;
        }
      },
      diffusionMatrix: (_x, out) => {
        out[0] = dDiag[0];
        out[1] = 0;
        out[2] = 0;
        out[3] = dDiag[1];
      },
      // f(-x, -y) = f(x, y): half the paths start in each well, so the wells are balanced from t = 0
      // and only intra-well relaxation (rates ≥ 1) has to happen before t1.
      x0: (path, out) => {
        out[0] = path % 2 === 0 ? 1 : -1;
        out[1] = 0;
      },
    });
    const result = await solve(problem, {
      scheme: eulerMaruyama,
      dt,
      t1: 6,
      paths,
      seed: 2018,
      observers: {
        h: histogram2d({
          xmin: bounds[0][0],
          xmax: bounds[0][1],
          xbins: bins[0],
          ymin: bounds[1][0],
          ymax: bounds[1][1],
          ybins: bins[1],
        }),
      },
    });
    const h = result.observers.h as { counts: Float64Array; total: number; outside: number };
    const n = paths;
    const fit = chiSquare(h.counts, fine.p, n);
    const gibbsFit = chiSquare(h.counts, fine.pGibbs, n);
    // Under H0 (counts multinomial with probabilities p), χ² has mean dof and sd sqrt(2 dof): accept
    // below dof + 4 sd. Euler–Maruyama's O(dt) bias in the stationary law (dt = 0.005) and the grid's
    // O(h²) error shift each bin probability by well under 1% of itself, while the sampling error
    // per bin is ≥ 1/sqrt(n p) with n p ≤ 30000·0.05 = 1500, i.e. ≥ 2.6%.
    expect(fit.chi2).toBeLessThan(fit.dof + 4 * Math.sqrt(2 * fit.dof));
    // The same counts against Gibbs must fail the same test by a wide margin.
    expect(gibbsFit.chi2).toBeGreaterThan(5 * (gibbsFit.dof + 4 * Math.sqrt(2 * gibbsFit.dof)));
  });
});
