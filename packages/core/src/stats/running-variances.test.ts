import { describe, expect, it } from "vitest";
import { ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { RunningMoments } from "./running-moments.js";
import { RunningVariances } from "./running-variances.js";

function sample(seed: number, n: number, d: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = 1e6 + (1 + (i % d)) * rng.normal();
  return x;
}

describe("RunningVariances", () => {
  it("equals the diagonal of RunningMoments", () => {
    const n = 2000;
    const d = 4;
    const x = sample(1, n, d);
    const v = new RunningVariances(d);
    const full = new RunningMoments(d);
    for (let i = 0; i < n; i++) {
      v.push(x, i * d);
      full.push(x, i * d);
    }
    // the same Welford recurrences, rounded differently (δ/n against δ·(1/n)): means to a few ulps
    // of 1e6; the variances, differences of numbers ~1e6 with spread ~1–4, to ~1e-10 relative
    expect(v.mean).toBeAllclose(full.mean, { rtol: 1e-15 });
    expect(v.variance()).toBeAllclose(full.variance(), { rtol: 1e-9 });
    expect(v.variance(0)).toBeAllclose(full.variance(0), { rtol: 1e-9 });
  });

  it("merging shards equals one pass over everything, also through JSON (bit-exact round trip)", () => {
    const n = 3000;
    const d = 3;
    const x = sample(2, n, d);
    const whole = new RunningVariances(d);
    for (let i = 0; i < n; i++) whole.push(x, i * d);
    const cuts = [0, 17, 1900, n];
    const shards = cuts.slice(1).map((end, s) => {
      const r = new RunningVariances(d);
      for (let i = cuts[s]; i < end; i++) r.push(x, i * d);
      const json = JSON.parse(JSON.stringify(r));
      expect(RunningVariances.fromJSON(json).toJSON()).toEqual(r.toJSON());
      return json;
    });
    const merged = RunningVariances.fromJSON(shards[2])
      .merge(RunningVariances.fromJSON(shards[0]))
      .merge(RunningVariances.fromJSON(shards[1]));
    expect(merged.count).toBe(n);
    // Chan's update is exact in exact arithmetic; only round-off differs (data ~1e6, spread ~1–3)
    expect(merged.mean).toBeAllclose(whole.mean, { rtol: 1e-14 });
    expect(merged.variance()).toBeAllclose(whole.variance(), { rtol: 1e-9 });
  });

  it("refuses bad shapes and too few observations, naming the argument", () => {
    expect(() => new RunningVariances(0)).toThrow(/^dim: /);
    const v = new RunningVariances(2);
    expect(() => v.push([1])).toThrow(ShapeMismatchError);
    expect(() => v.variance()).toThrow(/^count: needs more than ddof = 1/);
    expect(() => v.merge(new RunningVariances(3))).toThrow(/^other: dim 3 differs from 2/);
    expect(() => RunningVariances.fromJSON({ dim: 2, count: 1, mean: [0, 0], m2: [0] })).toThrow(/^json: /);
  });
});
