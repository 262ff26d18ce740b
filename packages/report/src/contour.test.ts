import { describe, expect, it } from "vitest";
import { contourPolylines, contourSegments, quantileLevels } from "./contour.js";

describe("contourSegments", () => {
  it("maps the tracer's index coordinates onto a non-uniform grid: a linear field's iso-lines are exact", () => {
    const xs = [0, 0.1, 0.25, 0.5, 1, 1.2];
    const ys = [-1, -0.3, 0, 0.5, 2];
    const z = new Float64Array(xs.length * ys.length);
    for (let i = 0; i < xs.length; i++)
      for (let j = 0; j < ys.length; j++) z[i * ys.length + j] = xs[i] + 2 * ys[j];
    const levels = [-0.7, 0.9, 2.5];
    const segs = contourSegments(xs, ys, z, levels);
    expect(new Set(segs.map((s) => s.level))).toEqual(new Set(levels));
    for (const s of segs) {
      // The field is linear along every cell edge, so each mapped crossing is on the line: round-off only.
      expect([s.x + 2 * s.y, s.x2 + 2 * s.y2]).toBeAllclose([s.level, s.level], { atol: 1e-14 });
      // Each end lies on a grid line, given by the grid's own coordinate.
      for (const [x, y] of [
        [s.x, s.y],
        [s.x2, s.y2],
      ])
        expect(xs.includes(x) || ys.includes(y)).toBe(true);
    }
    // One segment per cell with corners on both sides of a level (no saddles in a linear field).
    for (const c of levels) {
      let crossed = 0;
      for (let i = 0; i + 1 < xs.length; i++)
        for (let j = 0; j + 1 < ys.length; j++) {
          const at = (a: number, b: number) => z[a * ys.length + b];
          const corners = [at(i, j), at(i, j + 1), at(i + 1, j), at(i + 1, j + 1)];
          if (Math.min(...corners) < c && Math.max(...corners) >= c) crossed++;
        }
      expect(segs.filter((s) => s.level === c).length).toBe(crossed);
    }
  });

  it("keeps the example of its doc comment", () => {
    expect(contourSegments([0, 1], [0, 1], [0, 1, 1, 2], [1])).toEqual([
      { level: 1, x: 1, y: 0, x2: 0, y2: 1 },
    ]);
  });

  it("spreads quantile levels evenly", () => {
    expect(quantileLevels([0, 1, 2, 3, 4], 3, 0, 1)).toBeAllclose([1, 2, 3], { atol: 0 });
  });
});

describe("contourPolylines", () => {
  it("joins the segments of a closed iso-line into one closed polyline", () => {
    const xs = [0, 1, 2, 3, 4];
    const z: number[] = [];
    for (const x of xs) for (const y of xs) z.push((x - 2) ** 2 + (y - 2) ** 2);
    const segments = contourSegments(xs, xs, z, [1.5]);
    const lines = contourPolylines(segments);
    expect(lines.length).toBe(1);
    const [line] = lines;
    // One point per segment plus the repeated first point.
    expect(line.length / 2).toBe(segments.length + 1);
    expect(line[0]).toBeCloseTo(line[line.length - 2], 12);
    expect(line[1]).toBeCloseTo(line[line.length - 1], 12);
  });
});
