import { describe, expect, it } from "vitest";
import { checkAbove, checkBelow, checkClose } from "./checks.js";
import type { ExperimentContext } from "./experiment.js";
import { runExperiments } from "./runner.js";

/** Runs `body` as the only experiment and returns its recorded checks and the verdicts `body` saw. */
async function record(body: (ctx: ExperimentContext) => boolean[]) {
  let verdicts: boolean[] = [];
  const result = await runExperiments(
    [{ id: "x", title: "x", claim: "", setup: "", run: (ctx) => void (verdicts = body(ctx)) }],
    { app: "t", mode: "test" },
  );
  return { checks: result.experiments[0].checks, verdicts };
}

describe("check helpers", () => {
  it("checkClose passes within the absolute tolerance (inclusive) and states it with its reason", async () => {
    const { checks, verdicts } = await record((ctx) => [
      checkClose(ctx, { name: "in", claim: "c", measured: 1.5, expected: 1, tol: 0.5, why: "edge" }),
      checkClose(ctx, { name: "out", claim: "c", measured: 0.4, expected: 1, tol: 0.5, why: "beyond" }),
      checkClose(ctx, { name: "nan", claim: "c", measured: Number.NaN, expected: 1, tol: 0.5, why: "nan" }),
    ]);
    expect(verdicts).toEqual([true, false, false]);
    expect(checks.map((c) => c.pass)).toEqual([true, false, false]);
    expect(checks[0]).toMatchObject({ name: "in", measured: 1.5, expected: 1, tolerance: "± 0.5: edge" });
  });

  it("checkBelow and checkAbove are strict and show the bound as the expected value", async () => {
    const { checks, verdicts } = await record((ctx) => [
      checkBelow(ctx, { name: "b1", claim: "c", measured: 1, bound: 2, why: "w" }),
      checkBelow(ctx, { name: "b2", claim: "c", measured: 2, bound: 2, why: "w" }),
      checkAbove(ctx, { name: "a1", claim: "c", measured: 3, bound: 2, why: "w" }),
      checkAbove(ctx, { name: "a2", claim: "c", measured: 2, bound: 2, why: "w" }),
      checkAbove(ctx, { name: "a3", claim: "c", measured: Number.NaN, bound: 2, why: "w" }),
    ]);
    expect(verdicts).toEqual([true, false, true, false, false]);
    expect(checks.map((c) => c.expected)).toEqual(["< 2", "< 2", "> 2", "> 2", "> 2"]);
    expect(checks[0].tolerance).toBe("w");
  });
});
