import { parseShardOption, type Shard } from "@langevin/output";
import type { Mode } from "./experiment.js";

/** Parsed command line of a reproduction app (see {@link parseCli}). */
export interface CliOptions {
  /** Experiment ids from `--only a,b`, or null for all. */
  only: string[] | null;
  /** `--test`, `--fast` (default) or `--full`. */
  mode: Mode;
  /** Output folder for report.html and results.json. */
  out: string;
  /** `--list`: print the experiments and exit. */
  list: boolean;
  /** `--help`: print the usage and exit. */
  help: boolean;
  /** Base seed (`--seed n`, a non-negative integer). */
  seed: number;
  /** `--quiet`: no progress output. */
  quiet: boolean;
  /** `--shard i/n` or `--shard auto` (the array task of a Slurm or Kubernetes job), or null. */
  shard: Shard | null;
  /** `merge DIR...`: the shard folders to assemble into one report, or null for a run. */
  merge: string[] | null;
}

/**
 * Parses a reproduction app's command line: `--only a,b`, `--full`, `--test`, `--fast` (the default),
 * `--out dir`, `--seed n`, `--shard i/n|auto` (`auto` reads the array task from `env`), `--quiet`,
 * `--list`, `--help`/`-h`; values also as `--out=dir`; `--` is ignored. `merge DIR... [--out dir]`
 * assembles shards instead of running. Throws an Error naming the option for an unknown option or
 * a missing value.
 *
 * @example
 * ```ts
 * parseCli(["--only", "saddles", "--test"], { out: "out/loss-landscape" });
 * // { only: ["saddles"], mode: "test", out: "out/loss-landscape", seed: 2018, ... }
 * ```
 */
export function parseCli(
  argv: string[],
  defaults: { out?: string; seed?: number } = {},
  env: Record<string, string | undefined> = process.env,
): CliOptions {
  const o: CliOptions = {
    only: null,
    mode: "fast",
    out: defaults.out ?? "out",
    list: false,
    help: false,
    seed: defaults.seed ?? 2018,
    quiet: false,
    shard: null,
    merge: null,
  };
  if (argv[0] === "merge") o.merge = [];
  const given: string[] = [];
  for (let i = o.merge ? 1 : 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(0, eq) : a;
    given.push(name);
    const value = (): string => {
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (name) {
      case "--only":
        o.only = value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case "--full":
        o.mode = "full";
        break;
      case "--test":
        o.mode = "test";
        break;
      case "--fast":
        o.mode = "fast";
        break;
      case "--out":
        o.out = value();
        break;
      case "--seed": {
        const s = Number(value());
        if (!Number.isInteger(s) || s < 0) throw new Error("--seed must be a non-negative integer");
        o.seed = s;
        break;
      }
      case "--list":
        o.list = true;
        break;
      case "--quiet":
        o.quiet = true;
        break;
      case "--help":
      case "-h":
        o.help = true;
        break;
      case "--shard": {
        const { index, count } = parseShardOption(value(), env);
        o.shard = { index, count };
        break;
      }
      case "--":
        break;
      default:
        if (o.merge && !a.startsWith("-")) o.merge.push(a);
        else throw new Error(`unknown option ${a}`);
    }
  }
  if (o.merge) {
    const fixed = given.filter((n) =>
      ["--only", "--full", "--test", "--fast", "--seed", "--shard"].includes(n),
    );
    if (fixed.length > 0) {
      throw new Error(`merge: ${fixed.join(", ")}: the shards fix the selection, mode and seed; drop it`);
    }
    if (o.merge.length === 0) throw new Error("merge: give the --out folders of the shards to merge");
  }
  return o;
}
