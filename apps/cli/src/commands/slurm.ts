import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../parse.js";
import { type SlurmJob, slurmOutputs, slurmScripts } from "../slurm/scripts.js";

/** The CLI's own entry point, which the array tasks run. */
const CLI_ENTRY = fileURLToPath(new URL("../bin.js", import.meta.url));
/** scripts/reproduce.mjs of the repository checkout this CLI was built in. */
const REPRODUCE_ENTRY = fileURLToPath(new URL("../../../../scripts/reproduce.mjs", import.meta.url));

const OPTIONS = {
  tasks: { type: "string" },
  dir: { type: "string" },
  partition: { type: "string" },
  time: { type: "string" },
  "cpus-per-task": { type: "string" },
  mem: { type: "string" },
  submit: { type: "boolean" },
  wait: { type: "boolean" },
} as const;

/** The options a job's arguments may not hold: `langevin slurm` sets them for every task. */
const OWN = ["--shard", "--out", "--format", "--workers"];

/** Parses `langevin slurm [options] -- sde|reproduce ARGS...` into the job and what to do with it. */
function parseSlurm(args: string[]): { job: SlurmJob; submit: boolean; wait: boolean } {
  const split = args.indexOf("--");
  if (split < 0)
    throw new UsageError('missing the job: end the options with "-- sde ARGS…" or "-- reproduce ARGS…"');
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: args.slice(0, split), options: OPTIONS, strict: true }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [kind, ...jobArgs] = args.slice(split + 1);
  if (kind !== "sde" && kind !== "reproduce") {
    throw new UsageError(`the job after "--" must be sde or reproduce, got "${kind ?? ""}"`);
  }
  for (const a of jobArgs) {
    const name = a.split("=")[0];
    if (OWN.includes(name))
      throw new UsageError(`${name}: set by langevin slurm for every array task; drop it from the job`);
  }
  if (typeof values.tasks !== "string") throw new UsageError("missing required option --tasks");
  if (typeof values.dir !== "string") throw new UsageError("missing required option --dir");
  const tasks = parseInteger("--tasks", values.tasks, 1);
  const sbatch: string[] = [];
  for (const name of ["partition", "time", "cpus-per-task", "mem"] as const) {
    const v = values[name];
    if (typeof v === "string") {
      if (!/^[A-Za-z0-9_:.,+-]+$/.test(v)) throw new UsageError(`--${name}: "${v}" is not a Slurm value`);
      sbatch.push(`--${name}=${v}`);
    }
  }
  if (values.wait && !values.submit) throw new UsageError("--wait: only with --submit");
  const entry = kind === "sde" ? CLI_ENTRY : REPRODUCE_ENTRY;
  if (!existsSync(entry)) {
    throw new UsageError(
      `reproduce: the reproduction runs from a repository checkout (not found: ${entry}; run \`pnpm build\` there)`,
    );
  }
  return {
    job: { kind, args: jobArgs, tasks, dir: resolve(values.dir), node: process.execPath, entry, sbatch },
    submit: values.submit === true,
    wait: values.wait === true,
  };
}

/** Runs sbatch, returning the job id it printed (--parsable); a UsageError when Slurm is not there. */
function sbatch(args: string[]): string {
  const r = spawnSync("sbatch", args, { encoding: "utf8" });
  if (r.error) {
    throw new UsageError(
      `--submit: cannot run sbatch (${(r.error as NodeJS.ErrnoException).code}); submit the scripts on a Slurm login node, or set one up with \`pnpm setup:slurm\``,
    );
  }
  if (r.status !== 0) throw new UsageError(`--submit: sbatch ${args.join(" ")} failed: ${r.stderr.trim()}`);
  return r.stdout.trim().split(";")[0];
}

/** Job states after which a job never runs again. */
const FINAL = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)/;

/**
 * Waits until job `id` has ended and returns its state and exit code, polling `scontrol show job`
 * every second for the first minute, then every 5 s. (`sbatch --wait` polls ever more slowly and
 * returned ~18 s after a 24 s job ended on the test cluster; sacct needs an accounting database.)
 */
async function waitForJob(id: string): Promise<{ state: string; exitCode: string }> {
  const t0 = Date.now();
  for (;;) {
    const r = spawnSync("scontrol", ["show", "job", "-o", id], { encoding: "utf8" });
    if (r.status !== 0) {
      throw new UsageError(
        `--wait: scontrol show job ${id} failed: ${(r.stderr || r.error?.message || "").trim()}`,
      );
    }
    const state = /JobState=(\S+)/.exec(r.stdout)?.[1] ?? "UNKNOWN";
    if (FINAL.test(state)) return { state, exitCode: /ExitCode=(\S+)/.exec(r.stdout)?.[1] ?? "?" };
    await new Promise((done) => setTimeout(done, Date.now() - t0 < 60_000 ? 1000 : 5000));
  }
}

export const slurmCommand: Command = {
  name: "slurm",
  summary: "write (and submit) a Slurm array job for an SDE ensemble or the reproduction, plus its merge",
  usage:
    "langevin slurm --tasks N --dir DIR [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--submit [--wait]] -- sde|reproduce ARGS...",
  description: [
    "Writes DIR/array.sbatch (an array of N tasks: task i runs shard i of N, `--shard auto`),",
    "DIR/merge.sbatch (assembles the parts) and DIR/submit.sh (submits the array, then the merge",
    "with --dependency=afterok on it, cancelled if a task fails). With --submit it submits them",
    "itself and prints the job ids; --wait then waits for the merge job (polling scontrol) and exits",
    "0 when it completed, 1 when it failed or was cancelled (as a failed array task cancels it).",
    "",
    "-- sde ARGS: an SDE ensemble (ARGS as for `langevin sde`, without --shard/--out); the parts go",
    "to DIR/parts/part-i.json and `langevin merge` writes DIR/result.json, bit for bit the",
    "unsharded run's output (but for `seconds`).",
    "-- reproduce ARGS: the reproduction (ARGS as for `pnpm reproduce`: --full, --only, --seed, …;",
    "repository checkout only); task i runs every N-th experiment from the i-th into",
    "DIR/parts/shard-i, and `reproduce merge` writes DIR/out/report.html and results.json with the",
    "numbers of a single process with the same seed.",
    "The scripts call this node and this checkout by absolute path: the cluster's nodes must see it",
    "(a shared file system), as they must see DIR.",
  ].join("\n"),
  options: {},
  passthrough: true,
  examples: [
    'langevin slurm --tasks 4 --dir runs/ou --submit -- sde --drift "-x" --diffusion 1 --x0 1 --t1 5 --dt 0.01 --paths 1000000 --seed 7',
    "langevin slurm --tasks 8 --dir runs/full --time 02:00:00 --submit -- reproduce --full",
    "langevin slurm --tasks 4 --dir runs/ou -- sde ...   # then: bash runs/ou/submit.sh",
  ],
  run() {
    throw new Error("slurm runs through runPassthrough");
  },
  async runPassthrough(args: string[]): Promise<number> {
    const { job, submit, wait } = parseSlurm(args);
    mkdirSync(resolve(job.dir, "logs"), { recursive: true });
    mkdirSync(resolve(job.dir, "parts"), { recursive: true });
    const files = slurmScripts(job);
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(resolve(job.dir, name), text);
      chmodSync(resolve(job.dir, name), 0o755);
    }
    const { result } = slurmOutputs(job);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      `wrote ${Object.keys(files)
        .map((f) => resolve(job.dir, f))
        .join(", ")}`,
    );
    if (!submit) {
      out(`submit with: bash ${resolve(job.dir, "submit.sh")}   (the result: ${result})`);
      return 0;
    }
    const array = sbatch(["--parsable", resolve(job.dir, "array.sbatch")]);
    const merge = sbatch([
      "--parsable",
      `--dependency=afterok:${array}`,
      "--kill-on-invalid-dep=yes",
      resolve(job.dir, "merge.sbatch"),
    ]);
    out(`array job ${array} (${job.tasks} tasks), merge job ${merge}: the result will be in ${result}`);
    if (!wait) return 0;
    const end = await waitForJob(merge);
    if (end.state !== "COMPLETED" || end.exitCode !== "0:0") {
      process.stderr.write(
        `langevin slurm: merge job ${merge} ended ${end.state} (exit ${end.exitCode}; a failed array task cancels it): see ${resolve(job.dir, "logs")}\n`,
      );
      return 1;
    }
    out(`merge job ${merge} done: ${result}`);
    return 0;
  },
};
