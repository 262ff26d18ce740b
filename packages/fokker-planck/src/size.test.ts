import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid2d } from "../test/grids.js";
import { evolve } from "./evolve.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";
import { operatorSize } from "./size.js";

describe("typed errors instead of failures deep inside (issue 15)", () => {
  it("a 1e5×1e5 grid is refused up front, naming the grid and the memory estimate (was a raw RangeError)", () => {
    const g = grid2d([-1, 1], [-1, 1], [1e5, 1e5]);
    let potentialCalls = 0;
    const problem = {
      beta: 1,
      potential: (x: Float64Array) => {
        potentialCalls++;
        return x[0] ** 2 + x[1] ** 2;
      },
    };
    expect(() => fokkerPlanck(problem, g)).toThrow(InvalidArgumentError);
    expect(() => fokkerPlanck(problem, g)).toThrow(
      /^grid: 100000×100000 = 10000000000 cells need ≈ 9\.0e\+10 matrix entries \(≈ 2\.6 TB\); the generator alone would have ≈ 5\.0e\+10 entries, more than the 2\^31 − 1/,
    );
    expect(potentialCalls).toBe(0); // refused before any work
  });

  it("operatorSize counts the stencils: 5 + 4 entries per cell in 2-D with a diagonal D, 9 + 16 with a full one", () => {
    const g = grid2d([0, 1], [0, 1], [10, 10]);
    expect(operatorSize(g, false).entries).toBe(100 * 9);
    expect(operatorSize(g, true).entries).toBe(100 * 25);
    // the estimate bounds what a real operator stores (faces on the boundary hold fewer entries)
    const op = fokkerPlanck({ beta: 1, potential: (x) => x[0] ** 2 + x[1] ** 2 }, g);
    const stored = op.generator.values.length + op.faceFluxes.reduce((s, f) => s + f.values.length, 0);
    expect(stored).toBeLessThanOrEqual(operatorSize(g, false).entries);
  });

  it("evolve names a NaN in rho0 and its index (was 'BiCGSTAB did not converge, residual NaN')", () => {
    const g = grid({ bounds: [[-1, 1]], cells: [8] });
    const op = fokkerPlanck({ beta: 1, potential: (x) => x[0] ** 2 }, g);
    const rho0 = new Float64Array(8).fill(1);
    rho0[3] = Number.NaN;
    expect(() => evolve(op, rho0, { t1: 1, dt: 0.1 })).toThrow(InvalidArgumentError);
    expect(() => evolve(op, rho0, { t1: 1, dt: 0.1 })).toThrow(
      "rho0: entry 3 is NaN; the initial density must be finite",
    );
    rho0[3] = Number.POSITIVE_INFINITY;
    expect(() => evolve(op, rho0, { t1: 1, dt: 0.1, method: "explicit" })).toThrow(
      /^rho0: entry 3 is Infinity/,
    );
  });
});
