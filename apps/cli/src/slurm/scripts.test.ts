import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { langevin } from "../test/run.js";
import { shellQuote, slurmScripts } from "./scripts.js";

const sde = {
  kind: "sde" as const,
  args: [
    "--drift",
    "-x;-2*y",
    "--diffusion",
    "1;1",
    "--x0",
    "1,1",
    "--t1",
    "5",
    "--dt",
    "0.01",
    "--paths",
    "1000",
  ],
  tasks: 4,
  dir: "/scratch/it's here",
  node: "/usr/bin/node",
  entry: "/opt/langevin/apps/cli/dist/bin.js",
  sbatch: ["--time=00:10:00", "--partition=short"],
};

describe("slurmScripts", () => {
  it("writes an array of n tasks, each running --shard auto into its own part", () => {
    const { "array.sbatch": array } = slurmScripts(sde);
    expect(array).toMatch(/^#!\/bin\/bash\n/);
    expect(array).toContain("#SBATCH --array=0-3\n");
    expect(array).toContain("#SBATCH --time=00:10:00\n#SBATCH --partition=short\n");
    expect(array).toContain(
      `/usr/bin/node /opt/langevin/apps/cli/dist/bin.js sde --drift '-x;-2*y' --diffusion '1;1' --x0 1,1`,
    );
    expect(array).toContain(`--shard auto --out '/scratch/it'\\''s here/parts/part-{index}.json'`);
  });

  it("merges every part after the array succeeded, and submits with afterok", () => {
    const files = slurmScripts(sde);
    for (const i of [0, 1, 2, 3])
      expect(files["merge.sbatch"]).toContain(`'/scratch/it'\\''s here/parts/part-${i}.json'`);
    expect(files["merge.sbatch"]).toContain("merge ");
    expect(files["merge.sbatch"]).toContain(`--format json --out '/scratch/it'\\''s here/result.json'`);
    expect(files["submit.sh"]).toContain(
      "sbatch --parsable --dependency=afterok:$array --kill-on-invalid-dep=yes merge.sbatch",
    );
  });

  it("spreads the reproduction: task i writes shard-i, the merge passes --app on", () => {
    const files = slurmScripts({
      ...sde,
      kind: "reproduce",
      args: ["--full", "--app", "loss-landscape"],
      tasks: 2,
      dir: "/s",
    });
    expect(files["array.sbatch"]).toContain(
      `--full --app loss-landscape --shard auto --out /s/parts/shard-"$SLURM_ARRAY_TASK_ID"`,
    );
    expect(files["merge.sbatch"]).toContain(
      "merge /s/parts/shard-0 /s/parts/shard-1 --app loss-landscape --out /s/out",
    );
  });

  it("quotes words so that bash reads them back unchanged", () => {
    for (const word of ["plain", "-x;-y", "it's", "$HOME", "a b", "{index}", ""]) {
      const r = spawnSync("bash", ["-c", `printf %s ${shellQuote(word)}`], { encoding: "utf8" });
      expect(r.stdout).toBe(word);
    }
  });
});

describe("langevin slurm", () => {
  it("writes the three scripts into --dir and says how to submit them", () => {
    const dir = mkdtempSync(join(tmpdir(), "langevin-slurm-"));
    const r = langevin([
      "slurm",
      "--tasks",
      "3",
      "--dir",
      dir,
      "--",
      "sde",
      "--drift",
      "-x",
      "--diffusion",
      "1",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`submit with: bash ${join(dir, "submit.sh")}`);
    expect(readFileSync(join(dir, "array.sbatch"), "utf8")).toContain("#SBATCH --array=0-2");
    const syntax = spawnSync("bash", ["-n", join(dir, "submit.sh")]);
    expect(syntax.status).toBe(0);
  });

  it("refuses a job without --, an unknown job, options it sets itself, and --wait without --submit", () => {
    const cases: [string[], RegExp][] = [
      [["--tasks", "2", "--dir", "x"], /missing the job: end the options with "-- sde/],
      [["--tasks", "2", "--dir", "x", "--", "neb"], /must be sde or reproduce, got "neb"/],
      [["--tasks", "2", "--dir", "x", "--", "sde", "--shard", "0/2"], /--shard: set by langevin slurm/],
      [["--tasks", "0", "--dir", "x", "--", "sde"], /--tasks: expected an integer >= 1/],
      [["--tasks", "2", "--dir", "x", "--wait", "--", "sde"], /--wait: only with --submit/],
      [["--tasks", "2", "--dir", "x", "--time", "1;rm", "--", "sde"], /--time: "1;rm" is not a Slurm value/],
    ];
    for (const [args, message] of cases) {
      const r = langevin(["slurm", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
