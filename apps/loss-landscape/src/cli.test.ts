import { appUsage, listExperiments, mathToText, parseCli } from "@langevin/report";
import { expectTitleListing } from "@langevin/test-utils/listing";
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
  it("prints each id (whose first word scripts/reproduce.mjs reads) and title, like the main app", () => {
    expectTitleListing(listExperiments(app), app.experiments, mathToText);
  });
});
