import { describe, expect, it } from "vitest";
import { selectExperiments } from "./app.js";
import { parseCli } from "./cli.js";

describe("parseCli", () => {
  it("defaults to fast mode into out/", () => {
    expect(parseCli([])).toMatchObject({ only: null, mode: "fast", out: "out", list: false });
  });
  it("reads --only, --full, --test, --out and --seed", () => {
    expect(parseCli(["--only", "example-19,linearised", "--full", "--out", "x", "--seed=7"])).toMatchObject({
      only: ["example-19", "linearised"],
      mode: "full",
      out: "x",
      seed: 7,
    });
    expect(parseCli(["--test"]).mode).toBe("test");
  });
  it("rejects unknown options and missing values", () => {
    expect(() => parseCli(["--nope"])).toThrow(/unknown option/);
    expect(() => parseCli(["--out"])).toThrow(/needs a value/);
  });
  it("selects experiments in the app's order and rejects unknown ids", () => {
    expect(selectExperiments(["linearised", "example-19"]).map((e) => e.id)).toEqual([
      "example-19",
      "linearised",
    ]);
    expect(() => selectExperiments(["nope"])).toThrow(/unknown experiment/);
  });
});
