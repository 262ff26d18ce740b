import { describe, expect, it } from "vitest";
import { colormap, colormapLut, luminance } from "./colormap.js";
import { contourLevels, contourSegments } from "./contours.js";

describe("colour maps", () => {
  it("are monotone in luminance (readable as a scale), clamp, and pack RGBA", () => {
    for (const name of ["viridis", "magma"] as const) {
      let prev = -1;
      for (let k = 0; k <= 100; k++) {
        const l = luminance(colormap(name, k / 100));
        expect(l).toBeGreaterThan(prev);
        prev = l;
      }
      expect(colormap(name, -3)).toEqual(colormap(name, 0));
      expect(colormap(name, 7)).toEqual(colormap(name, 1));
      expect(colormap(name, Number.NaN)).toEqual(colormap(name, 0));
      const lut = colormapLut(name, 256);
      const [r, g, b] = colormap(name, 1);
      expect(lut[255] >>> 24).toBe(255);
      expect((lut[255] >>> 8) & 0xff).toBe(g);
      expect(lut[255] & 0xff).toBe(r);
      expect((lut[255] >>> 16) & 0xff).toBe(b);
    }
    expect(colormap("viridis", 0)).toEqual([68, 1, 84]);
    expect(colormap("viridis", 1)).toEqual([253, 231, 37]);
  });
});

describe("contours", () => {
  it("marching squares traces a circle: every vertex lies at the level's radius", () => {
    const n = 64;
    const h = 4 / n; // cells on [-2, 2]
    const v = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) v[i * n + j] = Math.hypot(-2 + (i + 0.5) * h, -2 + (j + 0.5) * h);
    const seg = contourSegments(v, n, n, 1);
    expect(seg.length).toBeGreaterThan(4 * 100);
    let worst = 0;
    for (let k = 0; k < seg.length; k += 2) {
      const r = Math.hypot(-2 + (seg[k] + 0.5) * h, -2 + (seg[k + 1] + 0.5) * h);
      worst = Math.max(worst, Math.abs(r - 1));
    }
    // linear interpolation of r along an edge: error ≤ h²/(8 r) ≈ 5e-4; 2e-3 leaves room for the diagonal
    expect(worst).toBeLessThan(2e-3);
  });

  it("levels span the minimum to the quantile, evenly", () => {
    expect(contourLevels(Float64Array.of(0, 1, 2, 3, 4), 4, 1)).toBeAllclose([0.8, 1.6, 2.4, 3.2], {
      atol: 1e-15,
    });
    expect(contourLevels(Float64Array.of(2, 2, 2), 3)).toEqual([]);
  });
});
