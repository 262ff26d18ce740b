import { describe, expect, it } from "vitest";
import { straightLineEnergies } from "./line.js";
import { curvedValley } from "./surfaces/curvedValley.js";

describe("straightLineEnergies", () => {
  it("samples the straight line: the curved valley's hump tops it at t = 1/2 with E = 2", () => {
    const v = curvedValley();
    const line = straightLineEnergies(v.energy, v.minima[0], v.minima[1], 101);
    expect(line.t[50]).toBe(0.5);
    expect(line.max.t).toBe(0.5);
    // E(0, 0) = h = 2 exactly; the line's ends are the minima, E = 0 up to round-off.
    expect(line.max.energy).toBe(2);
    expect([line.energy[0], line.energy[100]]).toBeAllclose([0, 0], { atol: 1e-15 });
  });
});
