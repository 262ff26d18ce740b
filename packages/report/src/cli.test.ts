import { describe, expect, it } from "vitest";
import { parseCli } from "./cli.js";

describe("parseCli", () => {
  it("defaults to fast mode, seed 2018 and the given output folder", () => {
    expect(parseCli([])).toEqual({
      only: null,
      mode: "fast",
      out: "out",
      list: false,
      help: false,
      seed: 2018,
      quiet: false,
      shard: null,
      merge: null,
    });
    expect(parseCli([], { out: "out/app" }).out).toBe("out/app");
  });
  it("reads --only, the modes, --out, --seed (also as --x=v), --quiet, --list, --help and -h", () => {
    expect(parseCli(["--only", "a, b,", "--full", "--out", "x", "--seed=7", "--quiet", "--list"])).toEqual({
      only: ["a", "b"],
      mode: "full",
      out: "x",
      list: true,
      help: false,
      seed: 7,
      quiet: true,
      shard: null,
      merge: null,
    });
    expect(parseCli(["--test"]).mode).toBe("test");
    expect(parseCli(["--full", "--fast"]).mode).toBe("fast");
    expect(parseCli(["--out=y", "--", "--seed", "3"])).toMatchObject({ out: "y", seed: 3 });
    expect(parseCli(["--help"]).help).toBe(true);
    expect(parseCli(["-h"]).help).toBe(true);
  });
  it("rejects unknown options, missing values and bad seeds", () => {
    expect(() => parseCli(["--nope"])).toThrow(/unknown option --nope/);
    expect(() => parseCli(["--out"])).toThrow(/--out needs a value/);
    expect(() => parseCli(["--only", "--test"])).toThrow(/--only needs a value/);
    expect(() => parseCli(["--seed", "1.5"])).toThrow(/--seed must be a non-negative integer/);
    expect(() => parseCli(["--seed=-1"])).toThrow(/--seed must be a non-negative integer/);
  });
});
