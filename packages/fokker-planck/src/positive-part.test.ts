import { ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid } from "./grid.js";
import { positivePart } from "./positive-part.js";
import { klDivergence } from "./thermo.js";

describe("positivePart", () => {
  it("clips negatives and reports the most negative value and the mass removed", () => {
    const g = grid({ bounds: [[0, 2]], cells: [4] }); // dV = 0.5
    const p = positivePart(g, [1, -1e-6, 0.5, -3e-6]);
    expect(Array.from(p.density)).toEqual([1, 0, 0.5, 0]);
    expect(p.minDensity).toBe(-3e-6);
    expect(p.negativeMass).toBeAllclose(2e-6, { rtol: 1e-15 }); // (1e-6 + 3e-6)·0.5, one rounding
    // klDivergence rejects the raw density (−3e-6 is far beyond round-off of max 1) but not its part
    const q = [0.25, 0.25, 0.25, 0.25];
    expect(() => klDivergence(g, [1, -1e-6, 0.5, -3e-6], q)).toThrow(/not a finite non-negative density/);
    expect(Number.isFinite(klDivergence(g, p.density, q))).toBe(true);
    expect(() => positivePart(g, [1, 2])).toThrow(ShapeMismatchError);
  });
});
