import { describe, it } from "vitest";
import { runInTestMode } from "../lib/test-helper.js";
import { highDimensionalMinima } from "./high-dimensional-minima.js";

describe("high-dimensional-minima (test mode)", () => {
  it("passes every check: more flat directions in the wider net, flat directions along the path", async () => {
    await runInTestMode(highDimensionalMinima, ["flat-vs-width", "spectra", "along-path"]);
  });
});
