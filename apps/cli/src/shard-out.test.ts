import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseShard } from "./parse.js";
import { shardedOutName } from "./shard-out.js";
import { langevin, stderrLines } from "./test/run.js";

// A small OU ensemble: 2500 paths are three reduction blocks of 1024, so 3 tasks get unequal shares.
const run = ["sde", "--drift", "-x", "--diffusion", "1", "--x0", "1", "--t1", "0.5", "--dt", "0.05"].concat([
  "--paths",
  "2500",
  "--seed",
  "11",
]);
/** The environment Slurm gives task `id` of `--array=min-max`, without this process's SLURM_* variables. */
function slurmTask(id: number, min: number, max: number): Record<string, string | undefined> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_")));
  return {
    ...env,
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(max),
    SLURM_ARRAY_TASK_COUNT: String(max - min + 1),
  };
}

describe("--shard auto", () => {
  it("parses the scheduler's variables, refusing an environment without any", () => {
    expect(
      parseShard("auto", { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "4", SLURM_ARRAY_TASK_MAX: "7" }),
    ).toEqual({ index: 1, count: 4 });
    expect(() => parseShard("auto", {})).toThrow(/--shard: auto: no array task in the environment/);
  });

  it("fills --out part-{index}.json, and refuses placeholders without --shard", () => {
    expect(shardedOutName("p-{index}-{count}.json", "auto", slurmTask(7, 6, 8))).toBe("p-1-3.json");
    expect(shardedOutName("plain.json", undefined)).toBe("plain.json");
    expect(() => shardedOutName("p-{index}.json", undefined)).toThrow(
      /--out: .*only --shard i\/n or --shard auto/,
    );
  });

  it("three array tasks with one command line merge into the unsharded run, bit for bit", () => {
    const dir = mkdtempSync(join(tmpdir(), "langevin-auto-"));
    const whole = langevin(run, { env: slurmTask(0, 0, 0) });
    expect(whole.code).toBe(0);
    for (const id of [10, 11, 12]) {
      const r = langevin([...run, "--shard", "auto", "--out", join(dir, "part-{index}.json")], {
        env: slurmTask(id, 10, 12),
      });
      expect(r.code, r.stderr).toBe(0);
    }
    const files = [0, 1, 2].map((i) => join(dir, `part-${i}.json`));
    expect(files.map((f) => JSON.parse(readFileSync(f, "utf8")).shards)).toEqual([
      [{ index: 0, count: 3 }],
      [{ index: 1, count: 3 }],
      [{ index: 2, count: 3 }],
    ]);
    const merged = langevin(["merge", ...files]);
    expect(merged.code, merged.stderr).toBe(0);
    const a = whole.json();
    const b = merged.json();
    delete a.seconds;
    delete b.seconds;
    expect(b).toEqual(a);
  });

  it("outside an array job it exits 2 and says what it looked for", () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_") && !k.startsWith("JOB_COMPLETION")),
    );
    const r = langevin([...run, "--shard", "auto"], { env });
    expect(r.code).toBe(2);
    expect(stderrLines(r)[0]).toMatch(/SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX/);
  });
});
