import { describe, expect, it } from "vitest";
import { checkAbove, checkBelow, checkClose, checkWithControl } from "./checks.js";
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

describe("checkWithControl", () => {
  it("passes only when the claim holds and its control fails it, and records both numbers", async () => {
    const c =
      (measured: number, control: number, relation: "above" | "below" = "above") =>
      (ctx: ExperimentContext) =>
        checkWithControl(ctx, {
          name: "p",
          claim: "c",
          measured,
          relation,
          bound: 4,
          control: { label: "equilibrium", measured: control },
          why: "w",
        });
    const { checks, verdicts } = await record((ctx) => [
      c(10, 1)(ctx), // claim holds, control fails: pass
      c(10, 5)(ctx), // the control satisfies the claim too: proves nothing
      c(3, 1)(ctx), // the claim does not hold
      c(1, 10, "below")(ctx),
      c(Number.NaN, 1)(ctx),
    ]);
    expect(verdicts).toEqual([true, false, false, true, false]);
    expect(checks[0].control).toEqual({ label: "equilibrium", measured: 1, satisfies: false });
    expect(checks[1].control?.satisfies).toBe(true);
    expect(checks[3].expected).toBe("< 4; control must not");
  });
});
