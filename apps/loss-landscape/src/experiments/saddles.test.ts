import { describe, expect, it } from "vitest";
import { runInTestMode } from "../lib/test-helper.js";
import { saddles } from "./saddles.js";

describe("saddles (test mode)", () => {
  it("passes every check and finds the autoencoder's indices exactly", async () => {
    const r = await runInTestMode(saddles, [
      "quadratic-trajectories",
      "monkey-trajectories",
      "distance-to-saddle",
      "index-vs-loss",
    ]);
    const ae = r.numbers["autoencoder critical points"] as { index: number; expectedIndex: number }[];
    expect(ae).toHaveLength(16); // C(6, 2) subsets + the origin
    expect(ae.map((a) => a.index)).toEqual(ae.map((a) => a.expectedIndex));
  });
});
