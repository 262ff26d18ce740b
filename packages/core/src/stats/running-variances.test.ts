import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
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
  });

  it("fromJSON names the bad field of a state read from a file, like RunningMoments.fromJSON", () => {
    const good = { dim: 2, count: 3, mean: [1, 2], m2: [2, 4] };
    expect(RunningVariances.fromJSON(good).m2).toEqual(Float64Array.from([2, 4]));
    const bad = (patch: object) => () => RunningVariances.fromJSON({ ...good, ...patch }, "shard.state");
    // JSON writes NaN as null: a null would become 0 and merge into a wrong mean or variance
    expect(bad({ mean: [1, null] })).toThrow(InvalidArgumentError);
    expect(bad({ mean: [1, null] })).toThrow(
      "shard.state.mean[1]: must be a number, got null (how JSON writes NaN and ±Infinity)",
    );
    expect(bad({ m2: [null, 4] })).toThrow(/^shard\.state\.m2\[0\]: must be a number, got null/);
    // NaN held in memory (a copy between threads) is the accumulator's own value: kept
    expect(RunningVariances.fromJSON({ ...good, m2: [2, Number.NaN] }).m2[1]).toBeNaN();
    expect(bad({ m2: [0] })).toThrow("shard.state.m2: must have 2 entries, got 1");
    expect(bad({ mean: "1,2" })).toThrow('shard.state.mean: must be an array, got "1,2"');
    expect(bad({ count: -1 })).toThrow("shard.state.count: must be >= 0, got -1");
    expect(bad({ count: "3" })).toThrow('shard.state.count: must be a finite number, got "3"');
    expect(bad({ m2: [2, -4] })).toThrow(/^shard\.state\.m2\[1\]: a sum of squared deviations must be >= 0/);
    expect(bad({ dim: 1.5 })).toThrow("shard.state.dim: must be an integer, got 1.5");
    expect(bad({ dim: undefined })).toThrow(
      "shard.state.dim: must be a finite number, got nothing (the field is missing)",
    );
    expect(() => RunningVariances.fromJSON(null, "s")).toThrow("s: must be an object, got null");
    expect(() => RunningVariances.fromJSON(good, "s", 3)).toThrow("s.dim: is 2, expected 3");
    expect(() => RunningVariances.fromJSON(good, "s", 3)).toThrow(ShapeMismatchError);
  });
});
