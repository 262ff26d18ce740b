// TEMPORARY: evolve over the evolver against the pre-refactor evolve, bit for bit.
import { describe, expect, it } from "vitest";
import { evolve } from "./evolve.js";
import { legacyEvolve } from "./evolve-legacy.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";

const f = (x: Float64Array) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.3 * x[0] * x[1];
describe("evolve is bit-identical to the pre-refactor evolve", () => {
  for (const n of [24, 130]) {
    const g = grid({ bounds: [[-2, 2], [-2, 2]], cells: [n, n] });
    const op = fokkerPlanck({ beta: 2, potential: f, nonGradientDrift: (x, o) => { o[0] = x[1]; o[1] = -x[0]; }, diffusion: { constantMatrix: [1, 0.3, 0.3, 0.6] } }, g);
    const rho0 = new Float64Array(g.size);
    const c = g.centers();
    for (let k = 0; k < g.size; k++) rho0[k] = Math.exp(-((c[2 * k] + 1) ** 2 + (c[2 * k + 1] - 0.5) ** 2) / 0.2);
    for (const method of ["explicit", "implicit-euler", "crank-nicolson", "bdf2", "krylov-expm"] as const) {
      it(`${n}² ${method}`, () => {
        const opts = { t1: 0.3, dt: 0.02, method, snapshots: [0, 0.05, 0.13] };
        const a = evolve(op, rho0, opts);
        const b = legacyEvolve(op, rho0, opts);
        expect(a.steps).toBe(b.steps);
        expect(a.iterations).toBe(b.iterations);
        expect(Object.is(a.maxMassChange, b.maxMassChange)).toBe(true);
        expect(a.t).toBe(b.t);
        expect(Array.from(a.density)).toEqual(Array.from(b.density));
        expect(a.snapshots.map((s) => [s.t, Array.from(s.density)])).toEqual(b.snapshots.map((s) => [s.t, Array.from(s.density)]));
      });
    }
  }
});
