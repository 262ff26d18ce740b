import { join } from "node:path";

/** What `langevin slurm` submits: an SDE ensemble or the reproduction, split into array tasks. */
export interface SlurmJob {
  /** `sde`: `langevin sde ARGS --shard auto`, merged by `langevin merge`; `reproduce`: the apps' shards, merged by `reproduce merge`. */
  kind: "sde" | "reproduce";
  /** The job's own arguments (after `sde` or `reproduce`), without --shard and --out. */
  args: string[];
  /** Number of array tasks (shards). */
  tasks: number;
  /** Absolute folder for the scripts, logs, parts and the merged result. */
  dir: string;
  /** The program that runs the job: node, then the CLI's bin.js or scripts/reproduce.mjs. */
  node: string;
  entry: string;
  /** Extra `#SBATCH` settings (partition, time, cpus-per-task, mem), as `--name=value` lines. */
  sbatch: string[];
}

/** The files `langevin slurm` writes, by name relative to the job's folder. */
export interface SlurmFiles {
  "array.sbatch": string;
  "merge.sbatch": string;
  "submit.sh": string;
}

/**
 * Quotes a word for a POSIX shell (single quotes; a quote inside becomes '\'').
 *
 * @example
 * shellQuote("-x;-y"); // "'-x;-y'"
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

const line = (words: string[]) => words.map(shellQuote).join(" ");

/** Where each array task writes its part, and where the merge writes the whole. */
export function slurmOutputs(job: Pick<SlurmJob, "kind" | "dir" | "tasks">): {
  parts: string[];
  result: string;
} {
  const indices = Array.from({ length: job.tasks }, (_, i) => i);
  if (job.kind === "sde") {
    return {
      parts: indices.map((i) => join(job.dir, "parts", `part-${i}.json`)),
      result: join(job.dir, "result.json"),
    };
  }
  return { parts: indices.map((i) => join(job.dir, "parts", `shard-${i}`)), result: join(job.dir, "out") };
}

/**
 * The sbatch array script, the dependent merge script and a submit script for one job. Task i of
 * `--array=0-(n-1)` runs shard i of n (`--shard auto` reads it from Slurm's variables); the merge
 * job runs only when every task succeeded (`--dependency=afterok`, and is cancelled otherwise).
 *
 * @example
 * slurmScripts({ kind: "sde", args: ["--drift", "-x", …], tasks: 4, dir: "/scratch/ou", node: "/usr/bin/node",
 *   entry: "/opt/langevin/apps/cli/dist/bin.js", sbatch: ["--time=00:10:00"] })["array.sbatch"];
 */
export function slurmScripts(job: SlurmJob): SlurmFiles {
  const { parts, result } = slurmOutputs(job);
  const logs = join(job.dir, "logs");
  const name = `langevin-${job.kind}`;
  const header = (jobName: string, log: string, extra: string[]) =>
    [
      "#!/bin/bash",
      `#SBATCH --job-name=${jobName}`,
      ...extra.map((e) => `#SBATCH ${e}`),
      "#SBATCH --ntasks=1",
      `#SBATCH --output=${join(logs, log)}`,
      ...job.sbatch.map((s) => `#SBATCH ${s}`),
      "set -euo pipefail",
    ].join("\n");
  const run =
    job.kind === "sde"
      ? line([
          job.node,
          job.entry,
          "sde",
          ...job.args,
          "--shard",
          "auto",
          "--out",
          join(job.dir, "parts", "part-{index}.json"),
        ])
      : `${line([job.node, job.entry, ...job.args, "--shard", "auto", "--out"])} ${shellQuote(join(job.dir, "parts", "shard-"))}"$SLURM_ARRAY_TASK_ID"`;
  const appFlags: string[] = [];
  for (let i = 0; i < job.args.length; i++) {
    const a = job.args[i];
    if (a === "--app") appFlags.push(a, job.args[i + 1] ?? "");
    else if (a.startsWith("--app=")) appFlags.push(a);
  }
  const merge =
    job.kind === "sde"
      ? line([job.node, job.entry, "merge", ...parts, "--format", "json", "--out", result])
      : line([job.node, job.entry, "merge", ...parts, ...appFlags, "--out", result]);
  const what =
    job.kind === "sde"
      ? "shard i of the SDE ensemble"
      : "every n-th experiment of the reproduction from the i-th";
  return {
    "array.sbatch": `${header(name, "task-%a.out", [`--array=0-${job.tasks - 1}`])}
# Written by \`langevin slurm\`: array task i runs ${what} (${job.tasks} tasks).
mkdir -p ${shellQuote(join(job.dir, "parts"))}
${run}
`,
    "merge.sbatch": `${header(`${name}-merge`, "merge.out", [])}
# Written by \`langevin slurm\`: runs after every array task succeeded, and assembles their parts.
${merge}
echo ${shellQuote(`merged ${job.tasks} parts into ${result}`)}
`,
    "submit.sh": `#!/bin/bash
# Written by \`langevin slurm\`: submits the array, then the merge that waits for all of it.
set -euo pipefail
cd ${shellQuote(job.dir)}
array=$(sbatch --parsable array.sbatch)
array=\${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:$array --kill-on-invalid-dep=yes merge.sbatch)
merge=\${merge%%;*}
echo "array job $array (${job.tasks} tasks), merge job $merge: the result will be in ${result}"
`,
  };
}
