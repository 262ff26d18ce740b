import { type Experiment, type ExperimentResult, runExperiments } from "@langevin/report";
import { expect } from "vitest";

/** Runs one experiment in test mode and asserts that it passed every check and drew its figures. */
export async function runInTestMode(exp: Experiment, figures: string[]): Promise<ExperimentResult> {
  const result = await runExperiments([exp], { app: "loss-landscape", mode: "test" });
  const r = result.experiments[0];
  const failed = r.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} vs ${c.expected}`);
  expect(failed).toEqual([]);
  expect(r.status).toBe("passed");
  expect(r.figures.map((f) => f.id)).toEqual(figures);
  return r;
}
