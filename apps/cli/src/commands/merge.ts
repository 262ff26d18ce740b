import { readFileSync } from "node:fs";
import { SolveResult, type SolveResultJSON } from "@langevin/sde";
import type { Command, CommandResult } from "../command.js";
import { UsageError } from "../errors.js";
import { buildSde, type SdeArgs, sdeOutput } from "../sde-build.js";
import { SHARD_FORMAT, SHARD_VERSION, sdeResult } from "./sde.js";

interface ShardFile {
  format: string;
  version: number;
  args: SdeArgs;
  shards: { index: number; count: number }[];
  evaluations: number;
  seconds: number;
  result: SolveResultJSON;
}

export const mergeCommand: Command = {
  name: "merge",
  summary: "combine the partial results of `sde --shard i/n` runs into the full result",
  usage: "langevin merge FILES... [--out FILE] [--format json|csv|text]",
  description: [
    "Reads the JSON files written by `langevin sde ... --shard i/n`, checks that they come from the",
    "same run (same problem, options and seed) and do not overlap, and merges their observers",
    "exactly: when all n shards are given, the output is the one the unsharded run prints (bit for",
    "bit; `evaluations` and `seconds` are the sums over the shards). With only some shards, the",
    "output is again a partial result that can be merged further.",
  ].join("\n"),
  options: {},
  positionals: true,
  examples: [
    'for i in 0 1 2 3; do langevin sde --drift "-x" --diffusion 1 --x0 1 --t1 5 --dt 0.01 --paths 100000 --shard $i/4 --out part$i.json; done',
    "langevin merge part0.json part1.json part2.json part3.json --format json",
    "langevin merge part0.json part1.json --out half.json   # partial, merge again later",
  ],
  async run(ctx): Promise<CommandResult> {
    const files = ctx.positionals;
    if (files.length === 0) throw new UsageError("missing input: give the shard files to merge");
    const shards: ShardFile[] = files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
      let json: ShardFile;
      try {
        json = JSON.parse(text) as ShardFile;
      } catch {
        throw new UsageError(`${file} is not JSON (expected the output of \`langevin sde --shard i/n\`)`);
      }
      if (json?.format !== SHARD_FORMAT) {
        throw new UsageError(`${file} is not a shard file (written by \`langevin sde ... --shard i/n\`)`);
      }
      if (json.version !== SHARD_VERSION) {
        throw new UsageError(
          `${file} is a version ${json.version} shard file; this langevin writes and merges version ${SHARD_VERSION} (re-run the shards)`,
        );
      }
      return json;
    });
    const key = JSON.stringify(shards[0].args);
    shards.forEach((s, i) => {
      if (JSON.stringify(s.args) !== key) {
        throw new UsageError(
          `${files[i]} comes from a different run than ${files[0]} (options or seed differ)`,
        );
      }
    });
    const args = shards[0].args;
    const setup = await buildSde(args);
    let merged: SolveResult | undefined;
    for (const s of shards) {
      const r = SolveResult.fromJSON(s.result, setup.observers);
      merged = merged ? merged.merge(r) : r;
    }
    const m = merged as SolveResult;
    const evaluations = shards.reduce((a, s) => a + s.evaluations, 0);
    const seconds = shards.reduce((a, s) => a + s.seconds, 0);
    if (!m.complete) {
      const data = {
        format: SHARD_FORMAT,
        version: SHARD_VERSION,
        args,
        shards: shards.flatMap((s) => s.shards),
        evaluations,
        seconds,
        result: m.toJSON(),
      };
      ctx.warn(`partial result: ${m.paths} of ${args.paths} paths (merge the remaining shards too)`);
      return { data, text: () => JSON.stringify(data) };
    }
    return sdeResult(sdeOutput(args, setup, m, evaluations, seconds));
  },
};
