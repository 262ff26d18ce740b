import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { nonReversible } from "../test/double-well.js";
import { metastableBasins } from "./basins.js";
import { coarseLogDensity } from "./coarse-estimate.js";
import { grid } from "./grid.js";
import { fokkerPlanck } from "./operator.js";

const line = (f: (x: number) => number, beta: number, n = 400) => {
  const g = grid({ bounds: [[-2, 2]], cells: [n] });
  const op = fokkerPlanck({ beta, potential: (x) => f(x[0]) }, g, {
    pecletWarning: Number.POSITIVE_INFINITY,
  });
  const U = Float64Array.from(op.potentialValues as Float64Array, (v) => beta * v);
  return { g, op, U };
};

describe("metastableBasins", () => {
  it("a tilted double well: two basins split at the barrier top, metastability = the shallower depth", () => {
    const beta = 40;
    const { g, op, U } = line((x) => (x * x - 1) ** 2 + 0.01 * x, beta);
    const b = metastableBasins(op.generator, U);
    expect(b.count).toBe(2);
    const xs = g.axisCenters(0);
    const f = op.potentialValues as Float64Array;
    // every cell drains down the potential: the split is next to the highest cell between the minima
    let top = g.size / 2;
    for (let i = 0; i < g.size; i++) if (Math.abs(xs[i]) < 0.5 && f[i] > f[top]) top = i;
    for (let i = 0; i < g.size; i++) {
      if (i < top) expect(b.label[i]).toBe(b.label[0]);
      if (i > top) expect(b.label[i]).toBe(b.label[g.size - 1]);
    }
    const minOf = (lo: number, hi: number) => Math.min(...Array.from(f).slice(lo, hi));
    const left = minOf(0, top);
    const right = minOf(top + 1, g.size);
    // the saddle is the top cell itself (max of the two cells across the cut): pure arithmetic on f
    expect(b.metastability).toBeAllclose(beta * (f[top] - Math.max(left, right)), { rtol: 1e-12 });
    expect(Array.from(b.exitCost).sort((x, y) => x - y)).toBeAllclose(
      [beta * (f[top] - right), beta * (f[top] - left)],
      { rtol: 1e-12 },
    );
    expect(Array.from(b.bottom, (c) => U[c])).toBeAllclose(
      b.label[0] === 0 ? [beta * left, beta * right] : [beta * right, beta * left],
      { rtol: 1e-12 },
    );
  });

  it("merges wells shallower than mergeBelow (5 nats) and keeps the deeper ones", () => {
    // minima at 0 (f = 0, depth 0.13) and ±0.98 (f ≈ −0.05, depth ≈ 0.18 up to the shared barriers)
    const f = (x: number) => x * x * (x * x - 1) ** 2 - 0.05 * x * x;
    const shallow = line(f, 30); // middle 3.9 nats deep: merged; outer wells 5.4 nats: kept
    expect(metastableBasins(shallow.op.generator, shallow.U).count).toBe(2);
    const deep = line(f, 100); // every well deeper than 5 nats
    const b = metastableBasins(deep.op.generator, deep.U);
    expect(b.count).toBe(3);
    // merging everything below 50 nats leaves one basin: nothing can be split wrong
    expect(metastableBasins(deep.op.generator, deep.U, { mergeBelow: 50 }).count).toBe(1);
    expect(metastableBasins(deep.op.generator, deep.U, { mergeBelow: 50 }).metastability).toBeGreaterThan(5);
  });

  it("a harmonic well and free diffusion are one basin (metastability 0)", () => {
    const ou = line((x) => x * x, 10);
    const b = metastableBasins(ou.op.generator, ou.U);
    expect(b.count).toBe(1);
    expect(b.metastability).toBe(0);
    const flat = line(() => 0, 1);
    expect(metastableBasins(flat.op.generator, flat.U).count).toBe(1);
  });

  it("the non-reversible double well −∇Φ + λJ∇Φ: two basins from the coarse GTH estimate", () => {
    const op = nonReversible(
      40,
      [
        [-2, 2],
        [-2, 2],
      ],
      [96, 96],
    );
    const g = op.grid;
    const U = Float64Array.from(coarseLogDensity(op), (v) => -v);
    const b = metastableBasins(op.generator, U);
    expect(b.count).toBe(2);
    // the wells at (±1, 0) are in different basins
    expect(b.label[g.locate([-1, 0])]).not.toBe(b.label[g.locate([1, 0])]);
    // depth ≈ β ΔΦ of the shallower well (39.6 kT) up to the 64² coarse grid's error (second order,
    // ~30% at a cell Péclet number of ~10): between 20 and 60 tells 40 kT from 4 or 400
    expect(b.metastability).toBeGreaterThan(20);
    expect(b.metastability).toBeLessThan(60);
  });

  it("names bad arguments", () => {
    const { op, U } = line((x) => x * x, 1);
    expect(() => metastableBasins(op.generator, U.subarray(1))).toThrow(ShapeMismatchError);
    expect(() => metastableBasins(op.generator, U, { mergeBelow: -1 })).toThrow(InvalidArgumentError);
  });
});
