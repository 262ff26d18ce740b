import { appUsage, listExperiments, parseCli } from "@langevin/report";
import { describe, expect, it } from "vitest";
import { app } from "./app.js";

// The flags themselves are tested in @langevin/report; these pin what is particular to this app.
describe("the command line of loss-landscape", () => {
  it("reads the flags the root dispatcher passes; writes into out/loss-landscape by default", () => {
    const o = parseCli(["--only", "saddles,no-barriers", "--test", "--out", "x/y", "--seed=7"], {
      out: app.defaultOut,
    });
    expect(o).toMatchObject({ only: ["saddles", "no-barriers"], mode: "test", out: "x/y", seed: 7 });
    expect(parseCli([], { out: app.defaultOut })).toMatchObject({ mode: "fast", out: "out/loss-landscape" });
    expect(appUsage(app)).toContain("(default out/loss-landscape)");
  });
});

describe("--list", () => {
  it("prints one experiment id per line and nothing else", () => {
    expect(listExperiments(app)).toBe("no-barriers\nsaddles\nescape-sharp-minima\nhigh-dimensional-minima\n");
  });
});
