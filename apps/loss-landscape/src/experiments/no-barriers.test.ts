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
      "mnist-path",
    ]);
    const names = r.checks.map((c) => c.name);
    expect(names).toContain("straight-vs-autoneb");
    expect(names).toContain("test-accuracy-along-path");
    const ratio = r.checks.find((c) => c.name === "straight-vs-autoneb")?.measured as number;
    expect(ratio).toBeGreaterThan(5); // the headline: "many times"
    // real MNIST: each claim beside its control (the straight line), both checked
    for (const name of [
      "mnist-autoneb-barrier-small",
      "mnist-straight-barrier-large",
      "mnist-test-error-autoneb",
      "mnist-test-error-straight",
    ])
      expect(names).toContain(name);
    const provenance = r.numbers["MNIST data provenance"] as { package: string; split: { train: number } };
    expect(provenance.package).toBe("mnist");
    expect(provenance.split.train).toBe(300); // 30 training images of each digit in test mode
  });
});
