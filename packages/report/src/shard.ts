import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Shard } from "@langevin/output";
import type { ExperimentResult, RunResult } from "./experiment.js";

/** The file a shard's run leaves in its `--out` folder for {@link mergeShardParts}. */
export const SHARD_PART = "shard.v8";

const FORMAT = "langevin-reproduction-shard/1";

/**
 * What one shard of a reproduction wrote: its run in full (figure specs included, so the merged
 * report draws every figure) and what the whole run selected, so a merge can tell that its parts
 * belong together and cover everything.
 */
export interface ShardPart {
  /** The file format's tag, checked when a part is read. */
  format: typeof FORMAT;
  /** Which share of the run this part holds. */
  shard: Shard;
  /** The ids the whole run selected (after `--only`, before sharding), in the app's order. */
  selected: string[];
  /** This part's experiments, as a single-process run would have them. */
  result: RunResult;
}

/**
 * The experiments of shard `index` of `count`: every `count`-th one from the `index`-th, in the
 * app's order. Which shard runs an experiment changes nothing in it (its seeds come from the base
 * seed and its id alone), so the merged shards give the one-process run's numbers.
 *
 * @example
 * ```ts
 * shardExperiments([{ id: "a" }, { id: "b" }, { id: "c" }], { index: 0, count: 2 }); // a, c
 * ```
 */
export function shardExperiments<T>(experiments: T[], shard: Shard | null): T[] {
  if (!shard) return experiments;
  return experiments.filter((_, i) => i % shard.count === shard.index);
}

/**
 * A shard part as bytes: the v8 structured-clone format keeps every value as the run held it
 * (NaN, ±Infinity, −0, typed arrays, undefined fields), which JSON would not.
 *
 * @example
 * ```ts
 * run.write(SHARD_PART, shardPartBytes({ shard, selected, result }));
 * ```
 */
export function shardPartBytes(part: Omit<ShardPart, "format">): Uint8Array {
  return serialize({ format: FORMAT, ...part });
}

/**
 * Reads the shard part in folder `dir` (what `--shard i/n --out dir` wrote). Throws an Error naming
 * the file when it is missing, unreadable or not a shard part.
 *
 * @example
 * ```ts
 * const part = readShardPart("out/shard-0");
 * ```
 */
export function readShardPart(dir: string): ShardPart {
  const file = join(dir, SHARD_PART);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT"
        ? `${file}: no shard part here (did \`--shard i/n --out ${dir}\` finish? an interrupted shard writes none)`
        : `${file}: cannot read it (${(e as Error).message})`,
    );
  }
  let part: ShardPart;
  try {
    part = deserialize(bytes) as ShardPart;
  } catch (e) {
    throw new Error(`${file}: not a shard part (${(e as Error).message})`);
  }
  if (part?.format !== FORMAT) throw new Error(`${file}: not a shard part of format ${FORMAT}`);
  return part;
}

/**
 * Checks totals of a run's checks (as the runner counts them).
 *
 * @example
 * ```ts
 * runSummary(result.experiments); // { checks: 12, passed: 12, failed: 0, experimentsFailed: 0 }
 * ```
 */
export function runSummary(experiments: ExperimentResult[]): RunResult["summary"] {
  let passed = 0;
  let failed = 0;
  for (const r of experiments)
    for (const c of r.checks) {
      if (c.pass) passed++;
      else failed++;
    }
  return {
    checks: passed + failed,
    passed,
    failed,
    experimentsFailed: experiments.filter((r) => r.status === "failed").length,
  };
}

/**
 * Assembles the shards of one run into the run a single process would have produced: the
 * experiments in the app's order with their own numbers, seeds and figures, the summary counted
 * again. `startedAt` is the earliest shard's and `seconds` the longest shard's (the shards of an
 * array job run side by side). Throws an Error naming the folder when the parts do not belong
 * together (another app, mode, seed, selection, shard count or package versions), when a shard is
 * given twice or missing, or when one was interrupted.
 *
 * @example
 * ```ts
 * const run = mergeShardParts(["out/shard-0", "out/shard-1"].map(readShardPart), ["out/shard-0", "out/shard-1"]);
 * ```
 */
export function mergeShardParts(parts: ShardPart[], dirs: string[]): RunResult {
  if (parts.length === 0) throw new Error("merge: give the folders of the shards to merge");
  const first = parts[0];
  const same = (label: string, f: (p: ShardPart) => unknown) => {
    const want = JSON.stringify(f(first));
    parts.forEach((p, i) => {
      const got = JSON.stringify(f(p));
      if (got !== want) {
        throw new Error(
          `${dirs[i]}: its ${label} is ${got}, but ${dirs[0]}'s is ${want}: not shards of one run`,
        );
      }
    });
  };
  same("app", (p) => p.result.app);
  same("mode", (p) => p.result.mode);
  same("base seed", (p) => p.result.baseSeed);
  same("shard count", (p) => p.shard.count);
  same("selection of experiments", (p) => p.selected);
  same("package versions", (p) => p.result.packages);
  const count = first.shard.count;
  const seen = new Map<number, string>();
  parts.forEach((p, i) => {
    const other = seen.get(p.shard.index);
    if (other !== undefined)
      throw new Error(`${dirs[i]}: shard ${p.shard.index}/${count} again (also in ${other})`);
    seen.set(p.shard.index, dirs[i]);
    if (p.result.aborted) throw new Error(`${dirs[i]}: shard ${p.shard.index}/${count} was interrupted`);
  });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new Error(
      `merge: shards ${missing.map((i) => `${i}/${count}`).join(", ")} are missing (got ${parts.length} of ${count})`,
    );
  }
  const byId = new Map<string, ExperimentResult>();
  for (const p of parts) for (const e of p.result.experiments) byId.set(e.id, e);
  const experiments = first.selected.map((id) => {
    const e = byId.get(id);
    if (!e) throw new Error(`merge: experiment ${id} is in none of the shards`);
    return e;
  });
  return {
    ...first.result,
    startedAt: parts.map((p) => p.result.startedAt).sort()[0],
    seconds: Math.max(...parts.map((p) => p.result.seconds)),
    experiments,
    aborted: false,
    summary: runSummary(experiments),
  };
}
