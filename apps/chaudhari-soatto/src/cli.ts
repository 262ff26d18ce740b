import type { Mode } from "@langevin/report";

/** Parsed command line of the reproduction app. */
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
export const USAGE = `langevin-reproduce: Chaudhari & Soatto (ICLR 2018), reproduced

usage: node apps/chaudhari-soatto/dist/main.js [options]   (or: pnpm reproduce [options])
  --only <id>[,<id>]  run only these experiments (see --list)
  --full              paper-sized runs (under 30 minutes on 2 cores)
  --test              smallest runs (seconds per experiment; used by the test suite)
  --out <dir>         output folder for report.html and results.json (default out/)
  --seed <n>          base seed (default 2018)
  --quiet             no progress output
  --list              list the experiments and exit
  --help              this text
`;

/**
 * Parses the command line (`--only a,b`, `--full`, `--test`, `--out dir`, `--seed n`, `--list`).
 *
 * @example
 * ```ts
 * parseCli(["--only", "example-19", "--full"]); // { only: ["example-19"], mode: "full", out: "out", ... }
 * ```
 */
export function parseCli(argv: string[]): CliOptions {
  const o: CliOptions = {
    only: null,
    mode: "fast",
    out: "out",
    list: false,
    help: false,
    seed: 2018,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
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
