import type { Mode } from "@langevin/report";

/** Parsed command line of the loss-landscape app. */
export interface CliOptions {
  only: string[] | null;
  mode: Mode;
  out: string;
  list: boolean;
  help: boolean;
  seed: number;
  quiet: boolean;
}

/** Usage text. */
export const USAGE = `loss-landscape: no barriers between minima, saddle points, SGD escaping sharp minima

usage: node apps/loss-landscape/dist/main.js [options]   (or: pnpm reproduce --app loss-landscape [options])
  --only <id>[,<id>]  run only these experiments (see --list)
  --full              larger runs (more minima, seeds and widths)
  --test              smallest runs (seconds per experiment; used by the test suite)
  --out <dir>         output folder for report.html and results.json (default out/loss-landscape)
  --seed <n>          base seed (default 2018)
  --quiet             no progress output
  --list              print the experiment ids, one per line, and exit
  --help              this text
`;

/**
 * Parses the command line (`--only a,b`, `--full`, `--test`, `--out dir`, `--seed n`, `--list`).
 *
 * @example
 * ```ts
 * parseCli(["--only", "saddles", "--test"]); // { only: ["saddles"], mode: "test", ... }
 * ```
 */
export function parseCli(argv: string[]): CliOptions {
  const o: CliOptions = {
    only: null,
    mode: "fast",
    out: "out/loss-landscape",
    list: false,
    help: false,
    seed: 2018,
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
