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
}

/**
 * Parses a reproduction app's command line: `--only a,b`, `--full`, `--test`, `--fast` (the default),
 * `--out dir`, `--seed n`, `--quiet`, `--list`, `--help`/`-h`; values also as `--out=dir`; `--` is
 * ignored. Throws an Error naming the option for an unknown option or a missing value.
 *
 * @example
 * ```ts
 * parseCli(["--only", "saddles", "--test"], { out: "out/loss-landscape" });
 * // { only: ["saddles"], mode: "test", out: "out/loss-landscape", seed: 2018, ... }
 * ```
 */
export function parseCli(argv: string[], defaults: { out?: string; seed?: number } = {}): CliOptions {
  const o: CliOptions = {
    only: null,
    mode: "fast",
    out: defaults.out ?? "out",
    list: false,
    help: false,
    seed: defaults.seed ?? 2018,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(0, eq) : a;
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
      case "--":
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}
