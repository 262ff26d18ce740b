import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { ouProblem, same } from "../test/helpers.js";
import { firstPassage } from "./observers/first-passage.js";
import { histogram1d } from "./observers/histogram.js";
import { moments } from "./observers/moments.js";
import { saveAt } from "./observers/save-at.js";
import { timeAverage } from "./observers/time-average.js";
import { SolveResult } from "./result.js";
import { eulerMaruyama } from "./schemes/euler-maruyama.js";
import { solveSync } from "./solve.js";

const ou = ouProblem({ x0: 0.5 });
const observers = () => ({
  m: moments(),
  ta: timeAverage((_t, x, _dx, dt) => x[0] * dt),
  fp: firstPassage((_t, x) => x[0] > 1),
  h: histogram1d({ min: -3, max: 3, bins: 12 }),
  s: saveAt([0.5, 1], { paths: [1030, 2050] }),
});
// Shard 1 of 2 of 3000 paths: blocks 1 and 2 of 1024 paths (paths 1024..2999).
const shard = solveSync(ou, {
  scheme: eulerMaruyama,
  dt: 0.05,
  t1: 1,
  paths: 3000,
  seed: 3,
  shard: { index: 1, count: 2 },
  observers: observers(),
});
// biome-ignore lint/suspicious/noExplicitAny: JSON to tamper with
const fileOf = (): any => JSON.parse(JSON.stringify(shard.toJSON()));
const read = (json: unknown) => () => SolveResult.fromJSON(json, observers(), "shard");

describe("SolveResult.fromJSON of a file", () => {
  it("reads back a shard's JSON exactly", () => {
    expect(same(SolveResult.fromJSON(fileOf(), observers()).observers, shard.observers)).toBe(true);
  });

  it("names the field of a null mean, which used to merge as 0 into a wrong mean", () => {
    const j = fileOf();
    j.observers.m.nodes[0].state[0].mean[0] = null;
    expect(read(j)).toThrow(InvalidArgumentError);
    expect(read(j)).toThrow(
      "shard.observers.m.nodes[0].state[0].mean[0]: must be a number, got null (how JSON writes NaN and ±Infinity)",
    );
  });

  it("names missing or mistyped envelope fields", () => {
    const noMeta = fileOf();
    delete noMeta.meta;
    expect(read(noMeta)).toThrow("shard.meta: must be an object, got nothing (the field is missing)");
    const badDt = fileOf();
    badDt.meta.ctx.dt = "0.05";
    expect(read(badDt)).toThrow('shard.meta.ctx.dt: must be a finite number, got "0.05"');
    const badLevel = fileOf();
    badLevel.observers.h.nodes[0].level = -1;
    expect(read(badLevel)).toThrow("shard.observers.h.nodes[0].level: must be >= 0, got -1");
  });

  it("checks that the nodes cover exactly the ranges the file claims", () => {
    const j = fileOf();
    j.ranges = [[0, 3000]]; // claims the whole run: merged alone it would pass for complete
    expect(read(j)).toThrow(
      "shard.observers.m.nodes: cover paths [[1024,3000]], but shard.ranges says [[0,3000]]",
    );
    const outside = fileOf();
    outside.ranges = [[1024, 4000]];
    expect(read(outside)).toThrow("shard.ranges[0]: [1024, 4000) is not a path range within [0, 3000)");
  });

  it("checks each observer's state: lengths, counts, sums of squares, histogram axes", () => {
    const short = fileOf();
    short.observers.s.nodes[0].state.values = [];
    expect(read(short)).toThrow(
      /^shard\.observers\.s\.nodes\[0\]\.state\.values: must have \d+ entries, got 0/,
    );
    const tooMany = fileOf();
    tooMany.observers.fp.nodes[0].state.m.count = 5000;
    expect(read(tooMany)).toThrow(
      /^shard\.observers\.fp\.nodes\[0\]\.state\.m\.count: is 5000, more than the \d+ paths observed/,
    );
    const negative = fileOf();
    negative.observers.ta.nodes[0].state.m.m2 = -1;
    expect(read(negative)).toThrow(
      "shard.observers.ta.nodes[0].state.m.m2: a sum of squares must be >= 0, got -1",
    );
    const bins = fileOf();
    const h = bins.observers.h.nodes[0].state;
    h.bins = 6; // a consistent histogram with other bins: pairs of cells summed
    h.counts = h.counts
      .filter((_: number, i: number) => i % 2 === 0)
      .map((c: number, i: number) => c + h.counts[2 * i + 1]);
    expect(read(bins)).toThrow(ShapeMismatchError);
    expect(read(bins)).toThrow("shard.observers.h.nodes[0].state.bins: is 6, the observer has 12");
    const sum = fileOf();
    sum.observers.h.nodes[0].state.total += 1;
    expect(read(sum)).toThrow(/^shard\.observers\.h\.nodes\[0\]\.state\.total: is \d+, but the counts/);
  });
});
