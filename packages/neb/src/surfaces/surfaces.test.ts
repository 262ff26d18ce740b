import { describe, expect, it } from "vitest";
import { refineCriticalPoint } from "../refine.js";
import { curvedValley } from "./curvedValley.js";
import { doubleWell } from "./doubleWell.js";
import { leps, lepsHarmonic } from "./leps.js";
import { mullerBrown } from "./mullerBrown.js";
import type { Surface } from "./surface.js";

const all: Surface[] = [
  mullerBrown(),
  doubleWell(),
  doubleWell({ tilt: 0.05 }),
  leps(),
  lepsHarmonic(),
  curvedValley(),
];

describe("analytic surfaces", () => {
  it.each(all.map((s) => [s.name, s] as const))("%s: the gradient matches central differences", (_, s) => {
    const g = new Float64Array(2);
    const gp = new Float64Array(2);
    const [x0, x1, y0, y1] = s.bounds;
    const h = 1e-6;
    for (let k = 0; k < 25; k++) {
      // A fixed 5×5 grid inside the plotting box.
      const x = new Float64Array([
        x0 + ((x1 - x0) * (0.1 + 0.8 * (k % 5))) / 4 / 1.0,
        y0 + ((y1 - y0) * (0.1 + 0.8 * Math.floor(k / 5))) / 4,
      ]);
      s.energy(x, g);
      const fd = new Float64Array(2);
      for (let j = 0; j < 2; j++) {
        const xj = x[j];
        x[j] = xj + h;
        const ep = s.energy(x, gp);
        x[j] = xj - h;
        const em = s.energy(x, gp);
        x[j] = xj;
        fd[j] = (ep - em) / (2 * h);
      }
      // Central differences: truncation h²|E'''|/6 ≲ 1e-12·1e4 and round-off ε|E|/h ≲ 2e-16·1e3/1e-6;
      // both far below 1e-5 relative to the gradient scale (|∇E| up to ~1e3 on Müller–Brown).
      expect(g).toBeAllclose(fd, { rtol: 1e-6, atol: 1e-5 });
    }
  });

  it("Müller–Brown: the tabulated points are minima (index 0) and saddles (index 1) of the gradient", () => {
    const mb = mullerBrown();
    const energies = [-146.7, -108.167, -80.768];
    mb.minima.forEach((m, k) => {
      const c = refineCriticalPoint(mb.energy, m);
      expect(c.converged).toBe(true);
      expect(c.index).toBe(0);
      // Positions as tabulated (6 decimals, 1e-6); energies as usually quoted (3 decimals, so 1e-3).
      expect(c.x).toBeAllclose(m, { atol: 1e-6 });
      expect(c.energy).toBeAllclose(energies[k], { atol: 1e-3 });
    });
    const saddleEnergies = [-40.665, -72.249];
    mb.saddles.forEach((m, k) => {
      const c = refineCriticalPoint(mb.energy, m);
      expect(c.index).toBe(1);
      expect(c.x).toBeAllclose(m, { atol: 1e-6 });
      expect(c.energy).toBeAllclose(saddleEnergies[k], { atol: 1e-3 });
    });
  });

  it.each([
    ["double well", doubleWell({ tilt: 0.05 })],
    ["LEPS + harmonic oscillator", lepsHarmonic()],
    ["curved valley", curvedValley()],
  ] as const)("%s: tabulated minima and saddles are critical points of the right index", (_, s) => {
    for (const m of s.minima) {
      const c = refineCriticalPoint(s.energy, m);
      expect(c.converged).toBe(true);
      expect(c.index).toBe(0);
      // Tabulated to 6 decimals.
      expect(c.x).toBeAllclose(m, { atol: 2e-6 });
    }
    for (const m of s.saddles) {
      const c = refineCriticalPoint(s.energy, m);
      expect(c.converged).toBe(true);
      expect(c.index).toBe(1);
      expect(c.x).toBeAllclose(m, { atol: 2e-6 });
    }
  });

  it("curved valley: the straight line between the minima crosses a hump far above the saddle", () => {
    const v = curvedValley();
    const g = new Float64Array(2);
    const centre = v.energy(new Float64Array([0, 0]), g);
    const saddle = refineCriticalPoint(v.energy, v.saddles[0]);
    // Exact: E(0,0) = h = 2; the valley's saddle is at 0.3749 (Newton); the ratio is the point of the surface.
    expect(centre).toBeAllclose(2, { atol: 1e-15 });
    expect(saddle.energy).toBeLessThan(0.4);
  });
});
