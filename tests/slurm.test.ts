// Issue 18's end-to-end check on a real scheduler: `langevin slurm --submit --wait` sends an array
// job and its dependent merge job to Slurm (the one-node cluster of `pnpm setup:slurm`, or a real
// one), and what the merge writes must be bit for bit what one process writes with the same seed:
// the SDE ensemble's JSON (but for `seconds`), and the reproduction's results.json of each app (but
// for the run id and clock times). Skipped, saying why, only where no Slurm cluster answers.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "apps", "cli", "dist", "bin.js");
const reproduce = join(root, "scripts", "reproduce.mjs");

/** Why Slurm cannot run jobs here, or null when a node takes them. */
function slurmUnavailable(): string | null {
  const r = spawnSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", timeout: 10_000 });
  if (r.error) return `sinfo cannot run (${(r.error as NodeJS.ErrnoException).code}): Slurm is not installed`;
  if (r.status !== 0) return `no Slurm controller answers (sinfo: ${r.stderr.trim() || `exit ${r.status}`})`;
  if (!/idle|mixed|allocated|completing/.test(r.stdout))
    return `no Slurm node takes jobs (states: ${r.stdout.trim()})`;
  return null;
}

const why = slurmUnavailable();
if (why) console.warn(`slurm.test.ts: skipped: ${why}. Run \`pnpm setup:slurm\` (as root) first.`);

/** Runs `node args…` without blocking the event loop (so a local run and a Slurm job overlap). */
function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "langevin-slurm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
/** results.json without what differs between any two runs: the run id and clock times. */
function numbers(file: string): unknown {
  const r = json(file);
  delete r.runId;
  delete r.startedAt;
  delete r.seconds;
  for (const e of r.experiments) delete e.seconds;
  return r;
}

describe.skipIf(why !== null)("on a Slurm cluster", () => {
  it("a 4-task array of langevin sde, merged by the dependent job, is the unsharded run bit for bit", async () => {
    // 6000 paths: 6 reduction blocks of 1024 (the last one short), split 2+2+1+1 over the tasks.
    const sde = ["--potential", "(x^2-1)^2", "--beta", "2", "--x0", "0", "--t1", "2", "--dt", "0.01"].concat([
      "--paths",
      "6000",
      "--burn-in",
      "1",
      "--histogram",
      "-2:2",
      "--bins",
      "16",
      "--exit",
      "x > 1.5",
      "--seed",
      "18",
    ]);
    const job = join(dir, "sde");
    const [submitted, whole] = await Promise.all([
      node([cli, "slurm", "--tasks", "4", "--dir", job, "--submit", "--wait", "--", "sde", ...sde]),
      node([cli, "sde", ...sde, "--format", "json"]),
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(whole.code, whole.stderr).toBe(0);
    const parts = [0, 1, 2, 3].map((i) => json(join(job, "parts", `part-${i}.json`)));
    expect(parts.map((p) => p.shards[0])).toEqual([0, 1, 2, 3].map((index) => ({ index, count: 4 })));
    const merged = json(join(job, "result.json"));
    const single = JSON.parse(whole.stdout);
    expect(single.firstPassage.exited).toBeGreaterThan(0);
    delete merged.seconds;
    delete single.seconds;
    expect(merged).toEqual(single);
  });

  it("a failing array task cancels the merge job, and --wait exits 1 saying so", async () => {
    const job = join(dir, "failing");
    const bad = [
      "--potential",
      "x +* y",
      "--x0",
      "0",
      "--beta",
      "1",
      "--t1",
      "1",
      "--dt",
      "0.1",
      "--paths",
      "10",
    ];
    const r = await node([
      cli,
      "slurm",
      "--tasks",
      "2",
      "--dir",
      job,
      "--submit",
      "--wait",
      "--",
      "sde",
      ...bad,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/merge job \d+ ended CANCELLED/);
    expect(readFileSync(join(job, "logs", "task-0.out"), "utf8")).toMatch(/--potential: /);
  });

  it("the reproduction in 2 array tasks, merged, has the one-process run's numbers (both apps)", async () => {
    // --test runs and a few quick experiments of each app keep this well under a minute.
    const only = [
      "--test",
      "--quiet",
      "--only",
      "gibbs-vs-anisotropic,example-19,linearised,no-barriers,saddles",
    ];
    const job = join(dir, "reproduce");
    const single = join(dir, "single");
    const [submitted, whole] = await Promise.all([
      node([cli, "slurm", "--tasks", "2", "--dir", job, "--submit", "--wait", "--", "reproduce", ...only]),
      node([reproduce, ...only, "--out", single]),
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(whole.code, whole.stderr).toBe(0);
    const merged = join(job, "out");
    const first = numbers(join(merged, "results.json")) as { experiments: { id: string }[] };
    expect(first.experiments.map((e) => e.id)).toEqual(["gibbs-vs-anisotropic", "example-19", "linearised"]);
    expect(first).toEqual(numbers(join(single, "results.json")));
    const second = numbers(join(merged, "loss-landscape", "results.json")) as {
      experiments: { id: string }[];
    };
    expect(second.experiments.map((e) => e.id)).toEqual(["no-barriers", "saddles"]);
    expect(second).toEqual(numbers(join(single, "loss-landscape", "results.json")));
    // each task ran its own share: shard 0 of chaudhari-soatto has experiments 0 and 2 of its selection
    expect(readFileSync(join(job, "logs", "task-0.out"), "utf8")).toMatch(
      /shard 0\/2 \(gibbs-vs-anisotropic, linearised\)/,
    );
  });
});
