import { InvalidArgumentError } from "@langevin/core/base";

/** One share of a job split `count` ways: shard `index` (0-based) of `count`. */
export interface Shard {
  /** This shard, 0-based. */
  index: number;
  /** Number of shards. */
  count: number;
}

/** Where a shard came from: the command line, or the scheduler variables that named it. */
export interface ResolvedShard extends Shard {
  /** Where it came from, for messages: `"1/4"` or e.g. `"SLURM_ARRAY_TASK_ID=2 of 0-3"`. */
  source: string;
}

/** Environment variables as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

function integerVar(env: Env, name: string, option: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new InvalidArgumentError(option, `auto: ${name}="${text}" is not a non-negative integer`);
  }
  return v;
}

/**
 * The array task this process is, read from the scheduler's environment: Slurm's
 * `SLURM_ARRAY_TASK_ID` within `SLURM_ARRAY_TASK_MIN`…`MAX` (step `SLURM_ARRAY_TASK_STEP`, count
 * `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes indexed job's `JOB_COMPLETION_INDEX` with the count in
 * `JOB_COMPLETIONS` or `LANGEVIN_SHARD_COUNT` (Kubernetes does not export the count: set it in the
 * pod template). The index is the task's position in the array, so `--array=10-13` gives shards
 * 0…3 of 4. An array that is not one evenly stepped range (`--array=0,3,7`) cannot be numbered
 * densely and is refused, as is an environment that names no task: both throw an
 * `InvalidArgumentError` for `option` that says what was looked for.
 *
 * @example
 * arrayTaskFromEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "3" });
 * // { index: 2, count: 4, source: "SLURM_ARRAY_TASK_ID=2 of 0-3" }
 */
export function arrayTaskFromEnv(env: Env = process.env, option = "--shard"): ResolvedShard {
  const id = integerVar(env, "SLURM_ARRAY_TASK_ID", option);
  if (id !== undefined) {
    const min = integerVar(env, "SLURM_ARRAY_TASK_MIN", option);
    const max = integerVar(env, "SLURM_ARRAY_TASK_MAX", option);
    const step = integerVar(env, "SLURM_ARRAY_TASK_STEP", option) ?? 1;
    const listed = integerVar(env, "SLURM_ARRAY_TASK_COUNT", option);
    if (min === undefined || (max === undefined && listed === undefined)) {
      throw new InvalidArgumentError(
        option,
        `auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX (or _COUNT) are not; give --shard i/n`,
      );
    }
    if (step < 1) throw new InvalidArgumentError(option, `auto: SLURM_ARRAY_TASK_STEP=${step} must be >= 1`);
    const count = max !== undefined ? Math.floor((max - min) / step) + 1 : (listed as number);
    const range =
      max !== undefined ? `${min}-${max}${step > 1 ? `:${step}` : ""}` : `${listed} tasks from ${min}`;
    if ((listed !== undefined && listed !== count) || (id - min) % step !== 0 || id < min) {
      throw new InvalidArgumentError(
        option,
        `auto: the array (${range}, ${listed ?? "?"} tasks, this one ${id}) is not one evenly stepped range, so its tasks cannot be numbered 0…n-1; submit with --array=0-N or give --shard i/n`,
      );
    }
    const index = (id - min) / step;
    if (index >= count) {
      throw new InvalidArgumentError(
        option,
        `auto: SLURM_ARRAY_TASK_ID=${id} lies outside the array ${range}`,
      );
    }
    return { index, count, source: `SLURM_ARRAY_TASK_ID=${id} of ${range}` };
  }
  const k8s = integerVar(env, "JOB_COMPLETION_INDEX", option);
  if (k8s !== undefined) {
    const countVar = env.JOB_COMPLETIONS !== undefined ? "JOB_COMPLETIONS" : "LANGEVIN_SHARD_COUNT";
    const count = integerVar(env, countVar, option);
    if (count === undefined) {
      throw new InvalidArgumentError(
        option,
        "auto: JOB_COMPLETION_INDEX is set but not the number of completions; set JOB_COMPLETIONS (or LANGEVIN_SHARD_COUNT) in the pod template to the Job's spec.completions",
      );
    }
    if (k8s >= count) {
      throw new InvalidArgumentError(
        option,
        `auto: JOB_COMPLETION_INDEX=${k8s} is not below ${countVar}=${count}`,
      );
    }
    return { index: k8s, count, source: `JOB_COMPLETION_INDEX=${k8s} of ${countVar}=${count}` };
  }
  throw new InvalidArgumentError(
    option,
    "auto: no array task in the environment (neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set); run it inside a Slurm array job or a Kubernetes indexed job, or give --shard i/n",
  );
}

/**
 * Parses a shard option: `"i/n"` (0 <= i < n), or `"auto"` for the array task of the scheduler's
 * environment ({@link arrayTaskFromEnv}). Throws an `InvalidArgumentError` naming `option`.
 *
 * @example
 * parseShardOption("1/4"); // { index: 1, count: 4, source: "1/4" }
 * parseShardOption("auto", { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "1" });
 * // { index: 1, count: 2, source: "SLURM_ARRAY_TASK_ID=1 of 0-1" }
 */
export function parseShardOption(text: string, env: Env = process.env, option = "--shard"): ResolvedShard {
  if (text.trim() === "auto") return arrayTaskFromEnv(env, option);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InvalidArgumentError(option, `expected "i/n" (e.g. 0/4) or "auto", got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new InvalidArgumentError(option, `need 0 <= i < n, got "${text}"`);
  return { index, count, source: `${index}/${count}` };
}

/**
 * Fills `{index}` and `{count}` in an output name with a shard's numbers, so every array task can
 * share one command line (`--out part-{index}.json`).
 *
 * @example
 * shardName("part-{index}-of-{count}.json", { index: 2, count: 4 }); // "part-2-of-4.json"
 */
export function shardName(name: string, shard: Shard): string {
  return name.replaceAll("{index}", String(shard.index)).replaceAll("{count}", String(shard.count));
}

/**
 * Whether an output name has a placeholder that {@link shardName} fills.
 *
 * @example
 * hasShardPlaceholder("part-{index}.json"); // true
 */
export function hasShardPlaceholder(name: string): boolean {
  return name.includes("{index}") || name.includes("{count}");
}
