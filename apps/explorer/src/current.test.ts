import { current, fokkerPlanck, grid } from "@langevin/fokker-planck";
import { describe, expect, it } from "vitest";
import { cellCurrent, coarseCurrent } from "./current.js";
import { ARROWS } from "./protocol.js";

describe("current for the arrows", () => {
  const g = grid({
    bounds: [
      [-2, 2],
      [-1, 2],
    ],
    cells: [40, 30],
  });
  const op = fokkerPlanck(
    {
      beta: 1.5,
      potential: (x) => (x[0] * x[0] - 1) ** 2 + x[1] * x[1],
      nonGradientDrift: (x, out) => {
        out[0] = -x[1];
        out[1] = x[0];
      },
      diffusion: { constantMatrix: [1, 0.2, 0.2, 0.5] },
    },
    g,
  );
  const rho = new Float64Array(g.size);
  const c = g.centers();
  for (let k = 0; k < g.size; k++) rho[k] = Math.exp(-((c[2 * k] - 0.3) ** 2) - (c[2 * k + 1] - 0.5) ** 2);

  it("cellCurrent equals @langevin/fokker-planck's current()", () => {
    const faces = [new Float64Array(op.faceFluxes[0].rows), new Float64Array(op.faceFluxes[1].rows)];
    const mine = cellCurrent(op, rho, faces, new Float64Array(2 * g.size));
    // same face fluxes, same averaging: equal up to summation-order round-off
    expect(mine).toBeAllclose(current(op, rho), { rtol: 1e-12, atol: 1e-14 });
  });

  it("coarseCurrent averages blocks: a uniform field stays uniform", () => {
    const J = new Float64Array(2 * g.size);
    for (let k = 0; k < g.size; k++) {
      J[2 * k] = 0.7;
      J[2 * k + 1] = -0.2;
    }
    const a = coarseCurrent(g, J);
    expect(a.length).toBe(2 * ARROWS * ARROWS);
    for (let q = 0; q < ARROWS * ARROWS; q++) {
      // Float32 storage: 2^-24 relative
      expect([a[2 * q], a[2 * q + 1]]).toBeAllclose([0.7, -0.2], { rtol: 1e-6 });
    }
  });
});
