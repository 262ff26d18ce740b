import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import {
  defaultVars,
  parseCells,
  parseDomain,
  parseExpressionList,
  parseParams,
  parsePoint,
  parseShard,
  parseTimes,
} from "./parse.js";

describe("option parsers", () => {
  it("parse domains, cells, points, lists, params and shards", () => {
    expect(parseDomain("--domain", "-2:2, -1.5:3")).toEqual([
      { min: -2, max: 2 },
      { min: -1.5, max: 3 },
    ]);
    expect(parseCells("--cells", "64x32")).toEqual([64, 32]);
    expect(parsePoint("--x0", "1,-0.5")).toEqual([1, -0.5]);
    expect(parseExpressionList("--drift", "-x ; -2*y")).toEqual(["-x", "-2*y"]);
    expect(parseParams(["a=1", "g = -0.5"])).toEqual({ a: 1, g: -0.5 });
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "2", JOB_COMPLETIONS: "3" })).toEqual({
      index: 2,
      count: 3,
    });
    expect(parseTimes("--snapshots", "0.5,1,2")).toEqual([0.5, 1, 2]);
    expect(defaultVars(1)).toEqual(["x"]);
    expect(defaultVars(3)).toEqual(["x", "y", "z"]);
    expect(defaultVars(4)).toEqual(["x1", "x2", "x3", "x4"]);
  });

  it("refuse impossible or malformed input with a UsageError naming the option", () => {
    expect(() => parseDomain("--domain", "1:-1")).toThrow(/--domain: axis 1 is empty or reversed/);
    expect(() => parseDomain("--domain", "0:1,a:2")).toThrow(/--domain: axis 2/);
    expect(() => parseCells("--cells", "64x0", 2)).toThrow(UsageError);
    expect(() => parsePoint("--x0", "1,,2")).toThrow(/--x0/);
    expect(() => parsePoint("--to", "1,2,3", 2)).toThrow(/expected 2 coordinates/);
    expect(() => parseExpressionList("--drift", "-x;;-y")).toThrow(/empty expression/);
    expect(() => parseParams(["a"])).toThrow(/name=value/);
    expect(() => parseShard("2/2")).toThrow(/0 <= i < n/);
    expect(() => parseTimes("--snapshots", "1,0.5")).toThrow(/increase/);
  });
});
