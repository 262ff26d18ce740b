import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoApp, runFolder } from "../test/app-fixture.js";
import { runApp } from "./app.js";
import { parseCli } from "./cli.js";
import type { Experiment } from "./experiment.js";
import { SHARD_PART, shardExperiments } from "./shard.js";

/** An experiment whose numbers come from its own seeds only, with a figure, a NaN and a typed array. */
function random(id: string): Experiment {
  return {
    id,
    title: `Random ${id}`,
    claim: "draws numbers",
    setup: "none",
    run(ctx) {
      let state = ctx.seed("draws");
      // a small multiplicative generator: the numbers depend on the experiment's seed alone
      const draws = Float64Array.from({ length: 8 }, () => {
        state = Number((BigInt(state) * 48271n) % 2147483647n);
        return state / 2147483647;
      });
      ctx.number("draws", draws);
      ctx.number("nothing", Number.NaN);
      ctx.figure("f", "Draws", { mark: "point", data: { values: [...draws].map((y, x) => ({ x, y })) } });
      ctx.check({
        name: "unit",
        claim: "in [0, 1)",
        measured: Math.max(...draws),
        expected: "< 1",
        tolerance: "exact",
        pass: true,
      });
    },
  };
}

const dir = runFolder("report-shard-");
const app = demoApp(dir, { experiments: ["a", "b", "c", "d", "e"].map(random) });
const quiet = { write: () => true };
const io = { stdout: quiet, stderr: quiet };
/** results.json without what differs between any two runs (run id, clock times). */
function numbers(file: string): unknown {
  const r = JSON.parse(readFileSync(file, "utf8"));
  delete r.runId;
  delete r.startedAt;
  delete r.seconds;
  for (const e of r.experiments) delete e.seconds;
  return r;
}

describe("sharded runs", () => {
  it("deal the experiments round-robin in the app's order", () => {
    const ids = ["a", "b", "c", "d", "e"];
    expect(shardExperiments(ids, { index: 0, count: 2 })).toEqual(["a", "c", "e"]);
    expect(shardExperiments(ids, { index: 1, count: 2 })).toEqual(["b", "d"]);
    expect(shardExperiments(ids, { index: 4, count: 6 })).toEqual(["e"]);
    expect(shardExperiments(ids, { index: 5, count: 6 })).toEqual([]);
    expect(shardExperiments(ids, null)).toEqual(ids);
  });

  it("merged, give the one-process run's results.json (3 shards, in any order, --only respected)", async () => {
    const only = ["--only", "a,b,d,e", "--seed", "7", "--quiet"];
    expect(await runApp(app, [...only, "--out", join(dir, "whole")], io)).toBe(0);
    for (const i of [0, 1, 2]) {
      expect(await runApp(app, [...only, "--shard", `${i}/3`, "--out", join(dir, `s${i}`)], io)).toBe(0);
    }
    const shards = [2, 0, 1].map((i) => join(dir, `s${i}`));
    expect(await runApp(app, ["merge", ...shards, "--out", join(dir, "merged")], io)).toBe(0);
    const merged = numbers(join(dir, "merged", "results.json")) as { experiments: { id: string }[] };
    expect(merged.experiments.map((e) => e.id)).toEqual(["a", "b", "d", "e"]);
    expect(merged).toEqual(numbers(join(dir, "whole", "results.json")));
    // the merged report draws the figures the shards recorded (a shard renders none itself)
    expect(readFileSync(join(dir, "merged", "report.html"), "utf8").match(/<svg/g)?.length).toBe(4);
  });

  it("a merge refuses parts that are missing, doubled or of another run, naming the folder", async () => {
    const errors: string[] = [];
    const capture = { stdout: quiet, stderr: { write: (s: string) => errors.push(s) } };
    for (const i of [0, 1]) {
      expect(
        await runApp(app, ["--quiet", "--test", "--shard", `${i}/2`, "--out", join(dir, `t${i}`)], io),
      ).toBe(0);
    }
    expect(await runApp(app, ["--quiet", "--shard", "1/2", "--out", join(dir, "fast1")], io)).toBe(0);
    const merge = (...dirs: string[]) =>
      runApp(app, ["merge", ...dirs.map((d) => join(dir, d)), "--out", join(dir, "m")], capture);
    expect(await merge("t0")).toBe(2);
    expect(errors.pop()).toMatch(/shards 1\/2 are missing/);
    expect(await merge("t0", "t0")).toBe(2);
    expect(errors.pop()).toMatch(/t0: shard 0\/2 again/);
    expect(await merge("t0", "fast1")).toBe(2);
    expect(errors.pop()).toMatch(/fast1: its mode is "fast", but .*t0's is "test"/);
    expect(await merge("t0", "nowhere")).toBe(2);
    expect(errors.pop()).toMatch(new RegExp(`nowhere/${SHARD_PART.replace(".", "\\.")}: no shard part here`));
  });

  it("--shard auto takes the task from Slurm's variables; merge refuses run options", () => {
    const env = { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "2", SLURM_ARRAY_TASK_MAX: "5" };
    expect(parseCli(["--shard", "auto"], {}, env).shard).toEqual({ index: 1, count: 4 });
    expect(() => parseCli(["--shard", "auto"], {}, {})).toThrow(/--shard: auto: no array task/);
    expect(parseCli(["merge", "a", "b", "--out", "m"]).merge).toEqual(["a", "b"]);
    expect(() => parseCli(["merge", "a", "--full"])).toThrow(/merge: --full: the shards fix/);
    expect(() => parseCli(["merge"])).toThrow(/give the --out folders/);
  });
});
