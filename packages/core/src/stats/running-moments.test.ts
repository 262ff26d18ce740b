import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { covariance } from "./moments.js";
import { RunningMoments } from "./running-moments.js";

function sample(seed: number, n: number, d: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    for (let j = 0; j < d; j++) x[i * d + j] = 1e6 + (j + 1) * a + rng.normal();
  }
  return x;
}

describe("RunningMoments", () => {
  it("equals the batch covariance", () => {
    const n = 2000;
    const d = 3;
    const x = sample(1, n, d);
    const r = new RunningMoments(d);
    r.pushRows(x, n);
    expect(r.count).toBe(n);
    // Welford in both; the summation orders differ, so agreement is to round-off (~1e-12 relative
    // for data of variance ~10 around an offset of 1e6).
    expect(r.covariance()).toBeAllclose(covariance(x, n, d), { rtol: 1e-9 });
    expect(r.variance(0)).toBeAllclose(
      [0, 4, 8].map((k) => covariance(x, n, d, 0)[k]),
      { rtol: 1e-9 },
    );
  });

  it("merging shards (Chan et al.) equals one pass over everything, also through JSON", () => {
    const n = 3000;
    const d = 2;
    const x = sample(2, n, d);
    const whole = new RunningMoments(d);
    whole.pushRows(x, n);
    // three uneven shards, serialised and merged in another order
    const cuts = [0, 17, 1900, n];
    const shards = [];
    for (let s = 0; s < 3; s++) {
      const r = new RunningMoments(d);
      for (let i = cuts[s]; i < cuts[s + 1]; i++) r.push(x, i * d);
      shards.push(JSON.parse(JSON.stringify(r)));
    }
    const merged = RunningMoments.fromJSON(shards[2])
      .merge(RunningMoments.fromJSON(shards[0]))
      .merge(RunningMoments.fromJSON(shards[1]));
    expect(merged.count).toBe(n);
    // Chan's update is exact in exact arithmetic; only round-off differs (data ~1e6, spread ~3).
    expect(merged.mean).toBeAllclose(whole.mean, { rtol: 1e-14 });
    expect(merged.covariance()).toBeAllclose(whole.covariance(), { rtol: 1e-9 });
  });

  it("JSON round trip is bit-exact", () => {
    const r = new RunningMoments(2);
    r.pushRows(sample(3, 10, 2), 10);
    const back = RunningMoments.fromJSON(JSON.parse(JSON.stringify(r)));
    expect(Array.from(back.mean)).toEqual(Array.from(r.mean));
    expect(Array.from(back.comoment)).toEqual(Array.from(r.comoment));
    expect(back.count).toBe(r.count);
  });

  it("integer weights equal repeated observations", () => {
    const a = new RunningMoments(1);
    const b = new RunningMoments(1);
    const vals = [1, 4, 2, 8];
    const w = [3, 1, 2, 5];
    for (let i = 0; i < 4; i++) {
      a.pushWeighted([vals[i]], w[i]);
      for (let k = 0; k < w[i]; k++) b.push([vals[i]]);
    }
    expect(a.count).toBe(11);
    // small integers, only rounding in the divisions
    expect(a.mean).toBeAllclose(b.mean, { rtol: 1e-14 });
    expect(a.variance()).toBeAllclose(b.variance(), { rtol: 1e-13 });
  });

  it("merging an empty accumulator is a no-op, and mismatched dims throw", () => {
    const a = new RunningMoments(2);
    a.push([1, 2]);
    a.push([2, 3]);
    const before = a.toJSON();
    a.merge(new RunningMoments(2));
    expect(a.toJSON()).toEqual(before);
    expect(() => a.merge(new RunningMoments(3))).toThrow(ShapeMismatchError);
    expect(() => new RunningMoments(1).variance()).toThrow(/ddof/);
  });

  it("fromJSON names the bad field of a state read from a file (null mean, wrong length, negative sum of squares)", () => {
    const good = { dim: 2, count: 3, mean: [1, 2], comoment: [2, 1, 1, 4] };
    expect(RunningMoments.fromJSON(good).mean).toEqual(Float64Array.from([1, 2]));
    const bad = (patch: object) => () => RunningMoments.fromJSON({ ...good, ...patch }, "shard.state");
    // JSON writes NaN as null: a null mean used to become 0 and merge into a wrong mean.
    expect(bad({ mean: [1, null] })).toThrow(InvalidArgumentError);
    expect(bad({ mean: [1, null] })).toThrow(
      "shard.state.mean[1]: must be a number, got null (how JSON writes NaN and ±Infinity)",
    );
    // NaN held in memory (a copy between threads) is the accumulator's own value: kept.
    expect(RunningMoments.fromJSON({ ...good, mean: [1, Number.NaN] }).mean[1]).toBeNaN();
    expect(bad({ mean: [1] })).toThrow("shard.state.mean: must have 2 entries, got 1");
    expect(bad({ count: -1 })).toThrow("shard.state.count: must be >= 0, got -1");
    expect(bad({ count: "3" })).toThrow('shard.state.count: must be a finite number, got "3"');
    expect(bad({ comoment: [2, 1, 1, -4] })).toThrow(/^shard\.state\.comoment\[3\]: a diagonal co-moment/);
    expect(bad({ dim: undefined })).toThrow(
      "shard.state.dim: must be a finite number, got nothing (the field is missing)",
    );
    expect(() => RunningMoments.fromJSON(null, "s")).toThrow("s: must be an object, got null");
    expect(() => RunningMoments.fromJSON(good, "s", 3)).toThrow(ShapeMismatchError);
  });
});
