import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { nonReversible } from "../test/double-well.js";
import { metastableBasins } from "./basins.js";
import { UncertifiedStationaryError } from "./errors.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { splitDiagnostic } from "./split-diagnostic.js";
import { stationary } from "./stationary.js";

const square: [number, number][] = [
  [-2, 2],
  [-2, 2],
];

describe("splitDiagnostic", () => {
  it("certifies the GTH answer: fluxes balance to round-off, every cell balances", () => {
    const op = nonReversible(40, square, [64, 64]);
    const ss = stationary(op);
    expect(ss.method).toBe("gth");
    const d = ss.diagnostic;
    expect(d.basins).toBe(2);
    // positive sums of entrywise-accurate terms: relative round-off of a few ε per term (measured ~4e-15)
    expect(d.maxImbalance).toBeLessThan(1e-12);
    expect(d.residual).toBeLessThan(1e-12);
    expect(d.certified).toBe(true);
    expect(d.mass[0] + d.mass[1]).toBeAllclose(1, { rtol: 1e-14 }); // normalised by construction
    // the fluxes are probabilities per unit time: equal both ways
    expect(d.fluxes).toHaveLength(2);
    expect(d.fluxes[0].flux).toBeAllclose(d.fluxes[1].flux, { rtol: 1e-12 });
    expect(d.outFlux).toBeAllclose(d.inFlux, { rtol: 1e-12 });
  });

  it("a split off by a factor 1 + c shows an imbalance of exactly c / (1 + c)", () => {
    const op = nonReversible(40, square, [48, 48]);
    const ss = stationary(op);
    for (const c of [1e-3, 1, 1e3]) {
      const wrong = Float64Array.from(ss.logDensity, (v, i) =>
        ss.basins.label[i] === 1 ? v + Math.log1p(c) : v,
      );
      const d = splitDiagnostic(op.generator, wrong, ss.basins);
      // F_BA grows by 1 + c and F_AB does not: |F_AB − F_BA| / max = c / (1 + c) (to the GTH round-off)
      expect(Array.from(d.imbalance)).toBeAllclose([c / (1 + c), c / (1 + c)], { rtol: 1e-9 });
      expect(d.certified).toBe(c / (1 + c) <= 1e-6);
      // the cells along the cut see it too, entrywise
      expect(d.residual).toBeGreaterThan(0.1 * (c / (1 + c)));
    }
  });

  it("flags the pinned direct solve's answer: all the mass in one well with a residual of 1e-17", () => {
    // the case: 400 cells, β = 40, discrete Gibbs 0.689 in the left well
    const g = grid({ bounds: [[-2, 2]], cells: [400] });
    const op = fokkerPlanck({ beta: 40, potential: (x) => (x[0] ** 2 - 1) ** 2 + 0.01 * x[0] }, g, {
      pecletWarning: Number.POSITIVE_INFINITY,
    });
    const old = stationary(op, { method: "multigrid", certify: false }); // the dense pinned LU of before
    expect(old.reason).toBe("uncertified");
    expect(old.residual).toBeLessThan(1e-14); // the usual residual sees nothing
    const left = old.basins.label[0];
    expect(old.diagnostic.mass[left]).toBeGreaterThan(0.99); // ... while the right answer is 0.689
    expect(old.diagnostic.maxImbalance).toBeGreaterThan(1e-2); // measured 9e-2
    expect(old.diagnostic.certified).toBe(false);
    expect(() => stationary(op, { method: "multigrid" })).toThrow(UncertifiedStationaryError);
    const right = stationary(op);
    expect(right.method).toBe("gth");
    expect(right.diagnostic.mass[right.basins.label[0]]).toBeAllclose(0.6891523755056748, { rtol: 1e-12 });
  });

  it("keeps basin masses below the double-precision range in logarithms", () => {
    // right well 2 higher than the left: at β = 400 it holds e^{−800} of the mass
    const beta = 400;
    const g = grid({ bounds: [[-1.6, 1.6]], cells: [640] });
    const op = fokkerPlanck({ beta, potential: (x) => (x[0] ** 2 - 1) ** 2 + x[0] }, g, {
      pecletWarning: Number.POSITIVE_INFINITY,
    });
    const ss = stationary(op);
    const d = ss.diagnostic;
    expect(d.basins).toBe(2);
    const right = ss.basins.label[g.size - 1];
    expect(d.mass[right]).toBe(0); // underflows
    // the discrete Gibbs state, summed in logarithms
    const f = op.potentialValues as Float64Array;
    const lse = (lo: number, hi: number) => {
      let m = Number.NEGATIVE_INFINITY;
      for (let i = lo; i < hi; i++) m = Math.max(m, -beta * f[i]);
      let s = 0;
      for (let i = lo; i < hi; i++) s += Math.exp(-beta * f[i] - m);
      return m + Math.log(s);
    };
    let cut = 0;
    while (ss.basins.label[cut] !== right) cut++;
    // log masses of ~−800 carry the GTH's relative error as an absolute one: 1e-10 is ~1e5 ε · 800
    expect(d.logMass[right] - d.logMass[1 - right]).toBeAllclose(lse(cut, g.size) - lse(0, cut), {
      atol: 1e-10,
    });
    expect(d.logMass[right]).toBeLessThan(-700);
    expect(d.certified).toBe(true);
  });

  it("names bad arguments", () => {
    const op = nonReversible(2, square, [16, 16]);
    const ss = stationary(op);
    expect(() => splitDiagnostic(op.generator, ss.logDensity.subarray(1), ss.basins)).toThrow(
      ShapeMismatchError,
    );
    expect(() => splitDiagnostic(op.generator, ss.logDensity, ss.basins, { tolerance: -1 })).toThrow(
      InvalidArgumentError,
    );
    const other = metastableBasins(nonReversible(2, square, [8, 8]).generator, new Float64Array(64));
    expect(() => splitDiagnostic(op.generator, ss.logDensity, other)).toThrow(ShapeMismatchError);
  });
});
