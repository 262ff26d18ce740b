import { describe, expect, it } from "vitest";
import { runInTestMode } from "../lib/test-helper.js";
import { escapeSharpMinima } from "./escape-sharp-minima.js";

describe("escape-sharp-minima (test mode)", () => {
  it("passes every check: stuck without noise, global basin with moderate noise, wandering with huge noise", async () => {
    const r = await runInTestMode(escapeSharpMinima, ["convolved-loss", "noise-sweep", "final-positions"]);
    const sweep = r.numbers["noise sweep"] as { r: number; fraction: number }[];
    expect(sweep[0]).toMatchObject({ r: 0, fraction: 0 });
  });
});
