import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { Histogram1D } from "./histogram1d.js";
import { Histogram2D } from "./histogram2d.js";
import { normalCdf } from "./normal-cdf.js";

describe("Histogram1D", () => {
  it("density integrates to the fraction inside and matches the normal bin probabilities", () => {
    const n = 200_000;
    const h = new Histogram1D({ min: -2, max: 2, bins: 40 });
    const rng = createRng(11);
    for (let i = 0; i < n; i++) h.add(rng.normal());
    const dens = h.density();
    const inside = (h.total - h.outside) / h.total;
    let integral = 0;
    for (const v of dens) integral += v * h.width;
    // an identity, so only round-off
    expect(integral).toBeAllclose(inside, { rtol: 1e-12 });
    // P(|Z| <= 2) = 0.9545; binomial sd sqrt(p(1-p)/n) = 0.00047, 5 sd allowed
    expect(inside).toBeAllclose(normalCdf(2) - normalCdf(-2), { atol: 5 * Math.sqrt((0.0455 * 0.9545) / n) });
    const e = h.edges();
    for (let i = 0; i < h.bins; i++) {
      const p = normalCdf(e[i + 1]) - normalCdf(e[i]);
      // per-bin binomial sd sqrt(p/n)/width, 5 sd
      expect(dens[i]).toBeAllclose(p / h.width, { atol: (5 * Math.sqrt(p / n)) / h.width });
    }
  });

  it("edges, weights, NaN and the right edge", () => {
    const h = new Histogram1D({ min: 0, max: 1, bins: 4 });
    h.add(0); // bin 0
    h.add(1); // upper edge goes to the last bin
    h.add(0.25, 2); // bin 1
    h.add(-0.1);
    h.add(Number.NaN);
    expect(Array.from(h.counts)).toEqual([1, 2, 0, 1]);
    expect(h.total).toBe(6);
    expect(h.outside).toBe(2);
    expect(Array.from(h.centers())).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(Array.from(h.density())).toEqual([4 / 6, 8 / 6, 0, 4 / 6]);
  });

  it("merge equals one histogram of both, JSON round-trips, mismatched bins throw", () => {
    const opts = { min: -3, max: 3, bins: 12 };
    const a = new Histogram1D(opts);
    const b = new Histogram1D(opts);
    const all = new Histogram1D(opts);
    const z = createRng(4).fillNormal(new Float64Array(1000));
    a.addAll(z, 0, 400);
    b.addAll(z, 400);
    all.addAll(z);
    const merged = Histogram1D.fromJSON(JSON.parse(JSON.stringify(a))).merge(b);
    expect(Array.from(merged.counts)).toEqual(Array.from(all.counts));
    expect(merged.total).toBe(all.total);
    expect(merged.outside).toBe(all.outside);
    expect(() => a.merge(new Histogram1D({ min: -3, max: 3, bins: 11 }))).toThrow(ShapeMismatchError);
    expect(() => new Histogram1D({ min: 1, max: 1, bins: 3 })).toThrow(/max/);
  });
});

describe("Histogram2D", () => {
  it("density of independent normals matches the product of bin probabilities", () => {
    const n = 200_000;
    const h = new Histogram2D({ xmin: -2, xmax: 2, xbins: 8, ymin: -1, ymax: 3, ybins: 8 });
    const rng = createRng(12);
    for (let i = 0; i < n; i++) h.add(rng.normal(), 1 + rng.normal());
    const d = h.density();
    const xs = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
    let integral = 0;
    for (let ix = 0; ix < 8; ix++) {
      for (let iy = 0; iy < 8; iy++) {
        const p = (normalCdf(xs[ix + 1]) - normalCdf(xs[ix])) * (normalCdf(xs[iy + 1]) - normalCdf(xs[iy]));
        const area = h.xwidth * h.ywidth;
        // row-major [ix * ybins + iy]; 5 binomial sd per cell
        expect(d[ix * 8 + iy]).toBeAllclose(p / area, { atol: (5 * Math.sqrt(p / n)) / area });
        integral += d[ix * 8 + iy] * area;
      }
    }
    expect(integral).toBeAllclose((h.total - h.outside) / h.total, { rtol: 1e-12 }); // identity
  });

  it("merge, JSON and the doc example", () => {
    const o = { xmin: -3, xmax: 3, xbins: 30, ymin: -3, ymax: 3, ybins: 30 };
    const h = new Histogram2D(o);
    h.add(0.1, -0.25);
    expect(h.density()[15 * 30 + 13]).toBeAllclose(25, { rtol: 1e-12 }); // 1/(0.2·0.2), rounding only
    h.add(5, 0);
    const g = Histogram2D.fromJSON(JSON.parse(JSON.stringify(h))).merge(h);
    expect(g.total).toBe(4);
    expect(g.outside).toBe(2);
    expect(g.counts[15 * 30 + 13]).toBe(2);
    expect(() => g.merge(new Histogram2D({ ...o, ybins: 31 }))).toThrow(ShapeMismatchError);
  });
});

describe("histogram fromJSON of a state read from a file", () => {
  it("names the bad field: a null count, a wrong length, totals that do not add up, a bad axis", () => {
    const good = { min: 0, max: 1, bins: 2, counts: [3, 4], total: 8, outside: 1 };
    expect(Histogram1D.fromJSON(good).total).toBe(8);
    const bad = (patch: object) => () => Histogram1D.fromJSON({ ...good, ...patch }, "h");
    expect(bad({ counts: [3, null] })).toThrow("h.counts[1]: must be a finite number, got null");
    expect(bad({ counts: [3] })).toThrow("h.counts: must have 2 entries, got 1");
    expect(bad({ total: 9 })).toThrow("h.total: is 9, but the counts (7) and outside (1) add up to 8");
    expect(bad({ max: -1 })).toThrow("h.max: must be finite and > h.min = 0, got -1");
    expect(bad({ bins: 1.5 })).toThrow("h.bins: must be an integer, got 1.5");
    const g2 = {
      xmin: 0,
      xmax: 1,
      xbins: 1,
      ymin: 0,
      ymax: 1,
      ybins: 2,
      counts: [1, 1],
      total: 2,
      outside: 0,
    };
    expect(Histogram2D.fromJSON(g2).counts).toEqual(Float64Array.from([1, 1]));
    expect(() => Histogram2D.fromJSON({ ...g2, ybins: 3 }, "h2")).toThrow(
      "h2.counts: must have 3 entries, got 2",
    );
    expect(() => Histogram2D.fromJSON({ ...g2, ymin: null }, "h2")).toThrow(InvalidArgumentError);
  });
});
