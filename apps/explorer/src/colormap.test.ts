import { describe, expect, it } from "vitest";
import { colormap, colormapLut, luminance } from "./colormap.js";

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
