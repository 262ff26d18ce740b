import { hasShardPlaceholder, shardName } from "@langevin/output";
import { UsageError } from "./errors.js";
import { parseShard } from "./parse.js";

/**
 * The `--out` name with `{index}` and `{count}` filled from `--shard` (given as `i/n` or `auto`), so
 * every task of an array job runs the same command line and writes its own file. A name without
 * placeholders is returned as it is; placeholders without `--shard` are a UsageError.
 *
 * @example
 * shardedOutName("part-{index}.json", "2/4"); // "part-2.json"
 */
export function shardedOutName(
  out: string | undefined,
  shard: unknown,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (out === undefined || !hasShardPlaceholder(out)) return out;
  if (typeof shard !== "string") {
    throw new UsageError(
      `--out: "${out}" has {index} or {count}, which only --shard i/n or --shard auto fills`,
    );
  }
  return shardName(out, parseShard(shard, env));
}
