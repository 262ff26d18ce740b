import { describe, expect, it } from "vitest";
import type { Experiment } from "./experiment.js";
import { runExperiments } from "./runner.js";
import { summaryTable } from "./summary.js";

const ok: Experiment = {
  id: "ok",
  title: "passes",
  claim: "1 + 1 = 2",
  setup: "none",
  run(ctx) {
    ctx.param("n", 2);
    ctx.number("sum", 1 + 1);
    ctx.check({
      name: "sum",
      claim: "1+1=2",
      measured: 1 + 1,
      expected: 2,
      tolerance: "exact",
      pass: 1 + 1 === 2,
    });
  },
};
const bad: Experiment = {
  id: "bad",
  title: "fails a check",
  claim: "2 > 3",
  setup: "none",
  run(ctx) {
    ctx.check({ name: "gt", claim: "2 > 3", measured: 2, expected: "> 3", tolerance: "exact", pass: 2 > 3 });
  },
};
const throws: Experiment = {
  id: "throws",
  title: "throws",
  claim: "runs",
  setup: "none",
  run() {
    throw new RangeError("boom");
  },
};

describe("runExperiments", () => {
  it("records verdicts from the checks and turns a throw into a failed check", async () => {
    const r = await runExperiments([ok, bad, throws], { app: "t", mode: "test" });
    expect(r.experiments.map((e) => e.status)).toEqual(["passed", "failed", "failed"]);
    expect(r.summary).toEqual({ checks: 3, passed: 1, failed: 2, experimentsFailed: 2 });
    expect(r.experiments[2].error?.message).toBe("boom");
    expect(r.experiments[0].numbers.sum).toBe(2);
    expect(summaryTable(r)).toContain("FAIL");
  });

  it("gives the same seed for the same label and different seeds for different labels", async () => {
    const seen: number[] = [];
    const e: Experiment = {
      ...ok,
      run(ctx) {
        seen.push(ctx.seed("a"), ctx.seed("a"), ctx.seed("b"));
        ok.run(ctx);
      },
    };
    const r = await runExperiments([e], { app: "t", mode: "test", baseSeed: 7 });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).not.toBe(seen[2]);
    expect(r.experiments[0].seeds).toEqual({ a: seen[0], b: seen[2] });
  });

  it("stops on abort: the running experiment is aborted, finished ones kept, the rest skipped", async () => {
    const controller = new AbortController();
    const slow: Experiment = {
      id: "slow",
      title: "slow",
      claim: "",
      setup: "",
      async run(ctx) {
        for (let i = 0; i < 1000; i++) {
          if (i === 3) controller.abort();
          await new Promise((r) => setTimeout(r, 1));
          ctx.throwIfAborted();
        }
      },
    };
    const r = await runExperiments([ok, slow, bad], { app: "t", mode: "test", signal: controller.signal });
    expect(r.aborted).toBe(true);
    expect(r.experiments.map((e) => e.status)).toEqual(["passed", "aborted", "skipped"]);
  });
});
