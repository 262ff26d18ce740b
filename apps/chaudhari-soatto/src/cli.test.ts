import { appUsage, listExperiments, mathToText, parseCli, selectExperiments } from "@langevin/report";
import { expectTitleListing } from "@langevin/test-utils/listing";
import { describe, expect, it } from "vitest";
import { app } from "./app.js";

// The flags themselves are tested in @langevin/report; these pin what is particular to this app.
describe("the command line of chaudhari-soatto", () => {
  it("defaults to fast mode into out/", () => {
    expect(parseCli([], { out: app.defaultOut })).toMatchObject({
      only: null,
      mode: "fast",
      out: "out",
      list: false,
    });
  });
  it("selects experiments in the app's order and rejects unknown ids", () => {
    expect(selectExperiments(app.experiments, ["linearised", "example-19"]).map((e) => e.id)).toEqual([
      "example-19",
      "linearised",
    ]);
    expect(() => selectExperiments(app.experiments, ["nope"])).toThrow(/unknown experiment/);
  });
  it("--list prints each id (whose first word scripts/reproduce.mjs reads) and title", () => {
    expectTitleListing(listExperiments(app), app.experiments, mathToText);
  });
  it("the usage names the app and its default folder", () => {
    expect(appUsage(app)).toMatch(/^langevin-reproduce: Chaudhari & Soatto/);
    expect(appUsage(app)).toContain("(default out/)");
  });
});
