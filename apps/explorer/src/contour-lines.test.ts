import { describe, expect, it } from "vitest";
import { contourLevels, contourPixels } from "./contour-lines.js";

describe("contour lines on the canvas", () => {
  // 8 × 6 cells on [−2, 2] × [−3, 3] (cell size ½ × 1) drawn in a 160 × 120 px rectangle at (10, 20).
  const nx = 8;
  const ny = 6;
  const rect = { x: 10, y: 20, w: 160, h: 120 };
  const cell = (nCells: number, lo: number, hi: number, k: number) => lo + ((k + 0.5) / nCells) * (hi - lo);
  const field = (f: (x: number, y: number) => number) => {
    const v = new Float64Array(nx * ny);
    for (let i = 0; i < nx; i++)
      for (let j = 0; j < ny; j++) v[i * ny + j] = f(cell(nx, -2, 2, i), cell(ny, -3, 3, j));
    return v;
  };
  const xField = field((x) => x);
  const yField = field((_, y) => y);

  const xOf = (seg: number[]) => seg.filter((_, k) => k % 2 === 0);
  const yOf = (seg: number[]) => seg.filter((_, k) => k % 2 === 1);

  it("puts cell centres at their pixels: x = 0 is the rectangle's vertical midline, y = 1 a third of the way down", () => {
    const vertical = contourPixels(xField, nx, ny, [0], rect);
    expect(vertical.length).toBe(4 * (ny - 1));
    expect(xOf(vertical)).toBeAllclose(rect.x + rect.w / 2, { atol: 1e-12 });
    // The line runs between the outermost cell centres, half a cell (10 px) inside the rectangle.
    const ys = yOf(vertical);
    expect([Math.min(...ys), Math.max(...ys)]).toBeAllclose([rect.y + 10, rect.y + rect.h - 10], {
      atol: 1e-12,
    });
    const horizontal = contourPixels(yField, nx, ny, [1], rect);
    expect(horizontal.length).toBe(4 * (nx - 1));
    expect(yOf(horizontal)).toBeAllclose(rect.y + rect.h / 3, { atol: 1e-12 });
  });

  it("appends every level to one list", () => {
    const out = contourPixels(xField, nx, ny, [-1, 0, 1], rect);
    expect(out.length).toBe(3 * 4 * (ny - 1));
    expect(new Set(xOf(out).map((x) => x.toFixed(9)))).toEqual(
      new Set([50, 90, 130].map((x) => x.toFixed(9))),
    );
  });

  it("levels span the minimum to the quantile, evenly", () => {
    expect(contourLevels(Float64Array.of(0, 1, 2, 3, 4), 4, 1)).toBeAllclose([0.8, 1.6, 2.4, 3.2], {
      atol: 1e-15,
    });
    expect(contourLevels(Float64Array.of(2, 2, 2), 3)).toEqual([]);
  });
});
