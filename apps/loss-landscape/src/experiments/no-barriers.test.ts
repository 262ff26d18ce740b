import { describe, expect, it } from "vitest";
import { runInTestMode } from "../lib/test-helper.js";
import { noBarriers } from "./no-barriers.js";

describe("no-barriers (test mode)", () => {
  it("finds an AutoNEB path many times lower than the straight line, with every check passing", async () => {
    const r = await runInTestMode(noBarriers, [
      "path-loss",
      "autoneb-cycles",
      "barrier-vs-architecture",
      "pairs-mst",
    ]);
    const names = r.checks.map((c) => c.name);
    expect(names).toContain("straight-vs-autoneb");
    expect(names).toContain("test-accuracy-along-path");
    const ratio = r.checks.find((c) => c.name === "straight-vs-autoneb")?.measured as number;
    expect(ratio).toBeGreaterThan(5); // the headline: "many times"
  });
});
