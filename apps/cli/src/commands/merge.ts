import { SolveResult, splitRange } from "@langevin/sde";
import type { Command, CommandResult } from "../command.js";
import { UsageError } from "../errors.js";
import { buildSde, type SdeArgs, type SdeSetup, sdeOutput } from "../sde-build.js";
import { checkShardSet, inFile, readShardFile, type ShardFile, shardFile } from "../shard-file.js";
import { sdeResult } from "./sde.js";

/**
 * A shard's result, checked field by field and against the run it claims to belong to: the run's
 * facts (paths, t1, dt, seed, dimension, scheme), the observers, and that its path ranges are those
 * of the shards it lists.
 */
function shardResult(file: string, s: ShardFile, args: SdeArgs, setup: SdeSetup): SolveResult {
  let r: SolveResult;
  try {
    r = SolveResult.fromJSON(s.result, setup.observers, "result");
  } catch (e) {
    inFile(file, e);
  }
  const names = Object.keys(setup.observers).sort();
  const held = Object.keys(s.result.observers).sort();
  if (held.join(",") !== names.join(",")) {
    throw new UsageError(
      `${file}: result.observers: holds ${held.join(", ") || "none"}, the run has ${names.join(", ")}`,
    );
  }
  const { ctx } = r.meta;
  const expected: [string, unknown, unknown][] = [
    ["result.meta.ctx.paths", ctx.paths, args.paths],
    ["result.meta.ctx.t0", ctx.t0, 0],
    ["result.meta.ctx.t1", ctx.t1, args.t1],
    ["result.meta.ctx.dt", ctx.dt, args.dt],
    ["result.meta.ctx.firstPath", ctx.firstPath, 0],
    ["result.meta.ctx.dim", ctx.dim, setup.problem.dim],
    ["result.meta.seed", r.meta.seed, String(args.seed)],
    ["result.meta.scheme", r.meta.scheme, setup.scheme.name],
  ];
  for (const [field, got, want] of expected) {
    if (got !== want) throw new UsageError(`${file}: ${field}: is ${got}, the run's options give ${want}`);
  }
  const own: [number, number][] = [];
  for (const sh of s.shards) own.push(splitRange([0, args.paths], r.meta.blockSize, sh.count)[sh.index]);
  own.sort((a, b) => a[0] - b[0]);
  const want: [number, number][] = [];
  for (const [a, b] of own) {
    if (b <= a) continue;
    const last = want[want.length - 1];
    if (last && last[1] === a) last[1] = b;
    else want.push([a, b]);
  }
  if (JSON.stringify(r.ranges) !== JSON.stringify(want)) {
    throw new UsageError(
      `${file}: result.ranges: ${JSON.stringify(r.ranges)} are not the paths of its shards ${s.shards.map((sh) => `${sh.index}/${sh.count}`).join(", ")} (${JSON.stringify(want)})`,
    );
  }
  return r;
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
    "output is again a partial result that can be merged further. Every file is checked before use:",
    "its checksum (a file changed after it was written is refused), then every field (types, lengths,",
    "finite numbers, counts) and its agreement with the run and the other files; a bad file exits 2",
    "naming the file and the field.",
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
    const shards = files.map(readShardFile);
    checkShardSet(files, shards);
    const args = shards[0].args;
    let setup: SdeSetup;
    try {
      setup = await buildSde(args);
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`${files[0]}: args: ${e.message}`);
      throw e;
    }
    let merged: SolveResult | undefined;
    shards.forEach((s, i) => {
      const r = shardResult(files[i], s, args, setup);
      try {
        merged = merged ? merged.merge(r) : r;
      } catch (e) {
        inFile(`${files[i]} (merged with ${files.slice(0, i).join(", ")})`, e);
      }
    });
    const m = merged as SolveResult;
    const evaluations = shards.reduce((a, s) => a + s.evaluations, 0);
    const seconds = shards.reduce((a, s) => a + s.seconds, 0);
    if (!m.complete) {
      const data = shardFile({
        args,
        shards: shards.flatMap((s) => s.shards),
        evaluations,
        seconds,
        result: m.toJSON(),
      });
      ctx.warn(`partial result: ${m.paths} of ${args.paths} paths (merge the remaining shards too)`);
      return { data, text: () => JSON.stringify(data) };
    }
    return sdeResult(sdeOutput(args, setup, m, evaluations, seconds));
  },
};
