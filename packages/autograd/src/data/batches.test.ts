import { createRng, InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { batches, permutation, takeLabels, takeRows } from "../index.js";

describe("mini-batches", () => {
  it("without replacement: an epoch visits every example exactly once", () => {
    const bs = batches(103, 10, createRng(1));
    expect(bs.map((b) => b.length)).toEqual([...Array(10).fill(10), 3]);
    const seen = Array.from(bs.flatMap((b) => Array.from(b))).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(batches(103, 10, createRng(1), { dropLast: true })).toHaveLength(10);
  });

  it("is reproducible from the seed and differs between seeds", () => {
    expect(batches(50, 7, createRng(2))).toEqual(batches(50, 7, createRng(2)));
    expect(permutation(50, createRng(2))).not.toEqual(permutation(50, createRng(3)));
  });

  it("with replacement: indices are uniform (chi-square over 10 cells)", () => {
    const n = 10;
    const counts = new Array(n).fill(0);
    // One epoch is ⌈10/5⌉ = 2 batches of 5; 2000 epochs give 2000 expected hits per cell.
    const rng = createRng(5);
    for (let e = 0; e < 2000; e++)
      for (const b of batches(n, 5, rng, { replacement: true })) for (const i of b) counts[i]++;
    const expected = 2000;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // χ² with 9 degrees of freedom: P(χ² > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it("gathers rows and labels, and names bad indices", () => {
    const x = Float64Array.from([0, 1, 10, 11, 20, 21]);
    expect(takeRows(x, 2, [2, 0]).data).toEqual(Float64Array.from([20, 21, 0, 1]));
    expect(takeLabels(Int32Array.of(5, 6, 7), [1, 1])).toEqual(Int32Array.of(6, 6));
    expect(() => takeRows(x, 2, [3])).toThrow(InvalidArgumentError);
    expect(() => takeRows(x, 4, [0])).toThrow(/multiple of cols/);
  });
});
