import { describe, expect, it } from "vitest";
import { contourPolylines, contourSegments, quantileLevels } from "./contour.js";

describe("contourSegments", () => {
  it("puts the iso-line of a linear field exactly on x + y = c", () => {
    const xs = [0, 0.25, 0.5, 0.75, 1];
    const ys = [0, 0.5, 1];
    const z = new Float64Array(15);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) z[i * 3 + j] = xs[i] + ys[j];
    const segs = contourSegments(xs, ys, z, [0.9]);
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) {
      // Linear interpolation is exact for a linear field: only round-off.
      expect(s.x + s.y).toBeAllclose(0.9, { atol: 1e-12 });
      expect(s.x2 + s.y2).toBeAllclose(0.9, { atol: 1e-12 });
    }
  });

  it("traces a circle of radius 1 within the grid spacing squared", () => {
    const n = 41;
    const xs = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = xs[i] ** 2 + xs[j] ** 2;
    const segs = contourSegments(xs, xs, z, [1]);
    const h = 4 / (n - 1);
    for (const s of segs) {
      // Interpolating r² linearly across a cell of size h errs by at most h²/4 in r² (second derivative 2).
      expect(Math.hypot(s.x, s.y) ** 2).toBeAllclose(1, { atol: (h * h) / 4 + 1e-12 });
    }
    // The polyline length approximates 2π (chords shorten it by O(h²)).
    const len = segs.reduce((a, s) => a + Math.hypot(s.x2 - s.x, s.y2 - s.y), 0);
    expect(len).toBeAllclose(2 * Math.PI, { rtol: 0.02 });
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
