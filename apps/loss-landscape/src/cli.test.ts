import { describe, expect, it } from "vitest";
import { listExperiments } from "./app.js";
import { parseCli } from "./cli.js";

describe("parseCli", () => {
  it("reads the flags the root dispatcher passes", () => {
    const o = parseCli(["--only", "saddles,no-barriers", "--test", "--out", "x/y", "--seed=7"]);
    expect(o).toMatchObject({ only: ["saddles", "no-barriers"], mode: "test", out: "x/y", seed: 7 });
    expect(parseCli([]).mode).toBe("fast");
    expect(parseCli(["--full"]).mode).toBe("full");
  });
  it("rejects unknown options and missing values", () => {
    expect(() => parseCli(["--bogus"])).toThrow(/unknown option/);
    expect(() => parseCli(["--out"])).toThrow(/needs a value/);
  });
});

describe("--list", () => {
  it("prints one experiment id per line and nothing else", () => {
    expect(listExperiments()).toBe("no-barriers\nsaddles\nescape-sharp-minima\nhigh-dimensional-minima\n");
  });
});
