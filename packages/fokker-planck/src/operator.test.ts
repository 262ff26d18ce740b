import { NonFiniteError, NotPositiveDefiniteError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import { current, faceCurrent } from "./current.js";
import { normalize, sample } from "./density.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { spmv } from "./sparse/csr.js";

const doubleWell = (x: Float64Array) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.3 * x[0] * x[1];

function columnSums(L: { rows: number; rowPtr: Int32Array; colIndex: Int32Array; values: Float64Array }) {
  const s = new Float64Array(L.rows);
  const scale = new Float64Array(L.rows);
  for (let i = 0; i < L.rows; i++) {
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) {
      s[L.colIndex[p]] += L.values[p];
      scale[L.colIndex[p]] += Math.abs(L.values[p]);
    }
  }
  let worst = 0;
  for (let j = 0; j < L.rows; j++) worst = Math.max(worst, Math.abs(s[j]) / scale[j]);
  return worst;
}

describe("fokkerPlanck operator", () => {
  it("makes the discrete Gibbs density an exact steady state with zero face currents (isotropic D)", () => {
    const beta = 3;
    const g = grid2d([-2, 2], [-2, 2], [40, 36]);
    const op = fokkerPlanck({ beta, potential: doubleWell, diffusion: 0.7 }, g);
    // isotropic D = c I: the steady state is e^{−βf/c}
    const gibbs = normalize(
      g,
      sample(g, (x) => Math.exp((-beta * doubleWell(x)) / 0.7)),
    );
    const Lg = spmv(op.generator, gibbs, new Float64Array(g.size));
    // scale of the individual flux terms: max rate × max density
    let rmax = 0;
    for (const v of gibbs) rmax = Math.max(rmax, v);
    const scale = op.diagnostics.maxRate * rmax;
    let worst = 0;
    for (const v of Lg) worst = Math.max(worst, Math.abs(v));
    // round-off: each entry is a sum of ≤ 5 terms of size ≤ scale, relative error ~ a few ε
    expect(worst / scale).toBeLessThan(1e-14);
    for (const J of faceCurrent(op, gibbs)) {
      for (const v of J) expect(Math.abs(v) / scale).toBeLessThan(1e-14); // same round-off argument
    }
    const Jc = current(op, gibbs);
    expect(Jc.length).toBe(g.size * 2);
  });

  it("periodic axes: the Gibbs state of a periodic potential is exact across the wrap-around faces", () => {
    const beta = 2;
    const f = (x: Float64Array) =>
      Math.sin(2 * Math.PI * x[0]) * Math.cos(2 * Math.PI * x[1]) + 0.5 * x[1] ** 2;
    const g = grid({
      bounds: [
        [0, 1],
        [-1.5, 1.5],
      ],
      cells: [20, 30],
      bc: ["periodic", "reflecting"],
    });
    const op = fokkerPlanck({ beta, potential: f }, g);
    const gibbs = normalize(
      g,
      sample(g, (x) => Math.exp(-beta * f(x))),
    );
    const Lg = spmv(op.generator, gibbs, new Float64Array(g.size));
    let rmax = 0;
    for (const v of gibbs) rmax = Math.max(rmax, v);
    let worst = 0;
    for (const v of Lg) worst = Math.max(worst, Math.abs(v));
    // round-off relative to the flux terms; the wrap faces use f at the unwrapped neighbour (= f by periodicity)
    expect(worst / (op.diagnostics.maxRate * rmax)).toBeLessThan(1e-14);
  });

  it("conserves mass: generator columns sum to zero (reflecting, periodic, full tensor)", () => {
    const g1 = grid({
      bounds: [
        [-2, 2],
        [0, 1],
      ],
      cells: [12, 10],
      bc: ["reflecting", "periodic"],
    });
    const op1 = fokkerPlanck(
      {
        beta: 1.5,
        drift: (x, out) => {
          out[0] = -x[0] + Math.sin(2 * Math.PI * x[1]);
          out[1] = 0.4;
        },
        diffusion: {
          matrix: (x, out) => {
            out[0] = 1 + 0.2 * x[0] ** 2;
            out[1] = out[2] = 0.3;
            out[3] = 0.8 + 0.1 * Math.cos(2 * Math.PI * x[1]);
          },
        },
      },
      g1,
    );
    // |Σ_i L_ij| / Σ_i |L_ij| at round-off level (a handful of terms, ε ≈ 2.2e-16)
    expect(columnSums(op1.generator)).toBeLessThan(1e-14);
  });

  it("loses mass only through absorbing faces", () => {
    const g = grid({ bounds: [[0, 1]], cells: [10], bc: [["absorbing", "reflecting"]] });
    const op = fokkerPlanck({ beta: 1 }, g);
    const L = op.generator;
    const sums = new Float64Array(10);
    for (let i = 0; i < 10; i++)
      for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) sums[L.colIndex[p]] += L.values[p];
    // exit rate of the first cell through a face at distance h/2: A / (h/2) / h = 200
    expect(sums[0]).toBeAllclose(-200, { rtol: 1e-12 }); // exact arithmetic up to round-off
    for (let j = 1; j < 10; j++) expect(Math.abs(sums[j])).toBeLessThan(1e-12); // round-off on entries of size 100
  });

  it("names the point where a user function returns NaN", () => {
    const g = grid({ bounds: [[-1, 1]], cells: [8] });
    const bad = (x: Float64Array) => (x[0] > 0.5 ? Number.NaN : x[0] ** 2);
    expect(() => fokkerPlanck({ beta: 1, potential: bad }, g)).toThrow(NonFiniteError);
    try {
      fokkerPlanck({ beta: 1, potential: bad }, g);
    } catch (e) {
      const ctx = (e as NonFiniteError).context as { point: number[] };
      expect(ctx.point[0]).toBeGreaterThan(0.5);
    }
    const badDrift = (x: Float64Array, out: Float64Array) => {
      out[0] = x[0] < -0.5 ? Number.POSITIVE_INFINITY : 0;
    };
    expect(() => fokkerPlanck({ beta: 1, drift: badDrift }, g)).toThrow(/drift is Infinity/);
  });

  it("rejects a diffusion that is not positive-definite, naming the point", () => {
    const g = grid2d([-1, 1], [-1, 1], [8, 8]);
    const D = (x: Float64Array, out: Float64Array) => {
      out[0] = 1;
      out[1] = out[2] = x[0] > 0.6 ? 2 : 0.1;
      out[3] = 1;
    };
    let caught: unknown;
    try {
      fokkerPlanck({ beta: 1, diffusion: { matrix: D } }, g);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NotPositiveDefiniteError);
    expect((caught as NotPositiveDefiniteError).point?.[0]).toBeGreaterThan(0.6);
    expect(() => fokkerPlanck({ beta: 1, diffusion: { constantDiagonal: [1, -1] } }, g)).toThrow(
      NotPositiveDefiniteError,
    );
    expect(() => fokkerPlanck({ beta: 1, diffusion: 0 }, g)).toThrow(NotPositiveDefiniteError);
  });

  it("warns when the grid is too coarse for the drift (cell Péclet)", () => {
    const g = grid({ bounds: [[-3, 3]], cells: [10] });
    const seen: string[] = [];
    const op = fokkerPlanck({ beta: 20, potential: (x) => x[0] ** 4 }, g, {
      onWarning: (w) => seen.push(w.code),
    });
    expect(op.diagnostics.maxCellPeclet).toBeGreaterThan(2);
    expect(seen).toContain("cell-peclet");
    const fine = fokkerPlanck(
      { beta: 0.1, potential: (x) => 0.1 * x[0] ** 2 },
      grid({ bounds: [[-3, 3]], cells: [200] }),
    );
    expect(fine.warnings).toHaveLength(0);
  });

  it("reports negative off-diagonals from a strongly anisotropic full tensor", () => {
    const g = grid2d([-1, 1], [-1, 1], [10, 10]);
    // D = [[1, 0.95], [0.95, 1]] is positive-definite but the cross terms dominate the 5-point part
    const op = fokkerPlanck({ beta: 1, diffusion: { constantMatrix: [1, 0.95, 0.95, 1] } }, g);
    expect(op.diagnostics.positivityViolations).toBeGreaterThan(0);
    expect(op.warnings.map((w) => w.code)).toContain("positivity");
    const diag = fokkerPlanck({ beta: 1, diffusion: { constantDiagonal: [1, 0.1] } }, g);
    expect(diag.diagnostics.positivityViolations).toBe(0);
  });
});
