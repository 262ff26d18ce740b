import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid } from "./grid.js";

describe("grid", () => {
  it("lays out cells row-major (i * ny + j) with centres at lo + (i + ½)h", () => {
    const g = grid({
      bounds: [
        [-1, 1],
        [0, 3],
      ],
      cells: [4, 6],
    });
    expect(g.size).toBe(24);
    expect(g.strides).toEqual([6, 1]);
    expect(g.cellVolume).toBeAllclose(0.5 * 0.5, { rtol: 1e-15 }); // exact binary fractions
    const c = g.centers();
    // cell (i=2, j=3) at index 2 * 6 + 3 = 15: x = −1 + 2.5·0.5 = 0.25, y = 3.5·0.5 = 1.75
    expect([c[15 * 2], c[15 * 2 + 1]]).toEqual([0.25, 1.75]);
    expect(g.unravel(15)).toEqual([2, 3]);
    expect(g.ravel([2, 3])).toBe(15);
    expect(g.locate([0.3, 1.9])).toBe(15);
    expect(g.locate([10, -10])).toBe(3 * 6); // clamped to (3, 0)
    expect(Array.from(g.axisCenters(0))).toEqual([-0.75, -0.25, 0.25, 0.75]);
  });

  it("parses boundary conditions per side and per axis", () => {
    const g = grid({
      bounds: [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      cells: [2, 3, 4],
      bc: ["periodic", ["absorbing", "reflecting"], "reflecting"],
    });
    expect(g.bc).toEqual([
      ["periodic", "periodic"],
      ["absorbing", "reflecting"],
      ["reflecting", "reflecting"],
    ]);
    expect(g.strides).toEqual([12, 4, 1]);
  });

  it("rejects bad bounds, cells and boundary conditions, naming the argument", () => {
    expect(() => grid({ bounds: [[1, 0]], cells: [4] })).toThrow(/bounds\[0\]/);
    expect(() => grid({ bounds: [[0, 1]], cells: [1] })).toThrow(/cells\[0\]/);
    expect(() => grid({ bounds: [[0, 1]], cells: [4, 4] })).toThrow(InvalidArgumentError);
    expect(() => grid({ bounds: [], cells: [] })).toThrow(/bounds/);
    expect(() => grid({ bounds: [[0, 1]], cells: [4], bc: [["periodic", "reflecting"]] })).toThrow(
      /periodic/,
    );
    // @ts-expect-error: an unknown boundary condition
    expect(() => grid({ bounds: [[0, 1]], cells: [4], bc: "sticky" })).toThrow(/unknown boundary/);
  });
});
