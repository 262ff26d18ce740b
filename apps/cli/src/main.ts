import { parseArgs } from "node:util";
import { OutputFile } from "@langevin/output";
import { COMMON_OPTIONS, type Command, type Format, makeContext, type OptionSpec } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { classifyError, EXIT, UsageError } from "./errors.js";
import { renderResult } from "./output.js";
import { Progress } from "./progress.js";
import { shardedOutName } from "./shard-out.js";
import { VERSION } from "./version.js";

/** Where the CLI writes; replaced in tests. */
export interface Io {
  /** Writes to standard output. */
  stdout: (s: string) => void;
  /** Writes to standard error. */
  stderr: (s: string) => void;
  /** Whether stdout is a terminal (decides the default format). */
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (decides the progress display). */
  stderrIsTTY: boolean;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
};

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, o]) => {
    const left = `  --${name}${o.arg ? ` ${o.arg}` : ""}`;
    const extra = [o.required ? "required" : "", o.default !== undefined ? `default ${o.default}` : ""]
      .filter(Boolean)
      .join(", ");
    return [left, `${o.description}${extra ? ` (${extra})` : ""}`] as const;
  });
  const width = Math.min(34, Math.max(...entries.map(([l]) => l.length)) + 2);
  return entries.map(([l, r]) =>
    l.length + 2 > width ? `${l}\n${" ".repeat(width)}${r}` : l.padEnd(width) + r,
  );
}

/**
 * The help text of one command.
 *
 * @example
 * commandHelp(COMMANDS[0]);
 */
export function commandHelp(cmd: Command): string {
  const lines = [
    `langevin ${cmd.name} — ${cmd.summary}`,
    "",
    `Usage: ${cmd.usage}`,
    "",
    cmd.description,
    "",
    ...(cmd.passthrough
      ? []
      : [
          ...(Object.keys(cmd.options).length > 0 ? ["Options:", ...optionLines(cmd.options), ""] : []),
          "Common options:",
          ...optionLines(
            Object.fromEntries(Object.entries(COMMON_OPTIONS).filter(([n]) => cmd.random || n !== "seed")),
          ),
          "",
        ]),
    "Examples:",
    ...cmd.examples.map((e) => `  ${e}`),
    "",
  ];
  return lines.join("\n");
}

/**
 * The help text of the tool.
 *
 * @example
 * globalHelp();
 */
export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    `langevin ${VERSION} — Fokker–Planck, SDE and NEB solvers with expressions in and JSON out`,
    "",
    "Usage: langevin <command> [options]     langevin <command> --help",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Expressions are mathjs syntax in the coordinates (x, y, z by default; --vars to rename) and the",
    "constants given with --param. Lists of expressions are separated by ';', points by ',',",
    'domains are "min:max" per axis separated by \',\', grids "NxM".',
    "",
    "Output: --format json|csv|text (text on a terminal, json otherwise), --out FILE.",
    "Exit codes: 0 ok, 1 a solver did not converge, 2 bad input, 70 internal error.",
    "Runs are sized from the options first: more memory than half this machine's, more than a day's",
    "work or uncountably many steps is refused with the estimate (exit 2); --allow-large and",
    "--max-memory GiB raise the limits.",
    "",
    "Examples:",
    '  langevin critical --potential "(x^2-1)^2 + y^2" --near 0.1,0.1',
    '  langevin fp stationary --potential "(x^2-1)^2" --beta 3 --domain -2.5:2.5 --cells 400',
    '  langevin sde --drift "-x;-y" --diffusion "1;1" --x0 1,1 --t1 5 --dt 0.01 --paths 10000',
    '  langevin neb --potential "(x^2-1)^2 + y^2" --from -1,0 --to 1,0 --climb',
    "",
  ].join("\n");
}

/**
 * Joins option values that start with "-" (negative numbers, expressions such as "-x;-y") to their
 * option as `--opt=value`, which `util.parseArgs` would otherwise refuse as ambiguous.
 */
function glueDashValues(args: string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--([^=]+)$/.exec(a);
    const next = args[i + 1];
    if (m && options[m[1]]?.type === "string" && next !== undefined && /^-(?!-)./.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function findCommand(argv: string[]): { cmd: Command; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const cmd = COMMANDS.find((c) => c.name === name);
    if (cmd) return { cmd, rest: argv.slice(words) };
  }
  return undefined;
}

/**
 * Runs the tool on `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * const code = await main(["critical", "--potential", "x^2", "--near", "1"]);
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const debug = argv.includes("--debug");
  let cmdName = "";
  try {
    if (argv.length === 0) {
      io.stderr(globalHelp());
      return EXIT.usage;
    }
    if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      const sub = argv.length > 1 ? findCommand(argv.slice(1)) : undefined;
      io.stdout(sub ? commandHelp(sub.cmd) : globalHelp());
      return EXIT.ok;
    }
    if (argv[0] === "--version" || argv[0] === "-v") {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    const found = findCommand(argv);
    if (!found) {
      const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
      if (group.length > 0) {
        const names = group.map((c) => c.name.split(" ")[1]).join(", ");
        if (argv.length === 1 || argv[1] === "--help" || argv[1] === "-h") {
          io.stdout(`langevin ${argv[0]} <${names}> [options]; see langevin ${group[0].name} --help\n`);
          return argv.length === 1 ? EXIT.usage : EXIT.ok;
        }
        throw new UsageError(`unknown subcommand "${argv[0]} ${argv[1]}" (expected one of: ${names})`);
      }
      throw new UsageError(`unknown command "${argv[0]}" (see langevin --help)`);
    }
    const { cmd, rest } = found;
    cmdName = cmd.name;
    if (cmd.passthrough && cmd.runPassthrough) {
      if (rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h")) {
        io.stdout(commandHelp(cmd));
        return EXIT.ok;
      }
      return await cmd.runPassthrough(rest);
    }
    const options = { ...cmd.options, ...COMMON_OPTIONS };
    const parsed = parseArgs({
      args: glueDashValues(rest, options),
      options: Object.fromEntries(
        Object.entries(options).map(([n, o]) => [n, { type: o.type, multiple: o.multiple ?? false }]),
      ),
      strict: true,
      allowPositionals: cmd.positionals === true,
    });
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values.help === true) {
      io.stdout(commandHelp(cmd));
      return EXIT.ok;
    }
    const outFile = shardedOutName(typeof values.out === "string" ? values.out : undefined, values.shard);
    const formatText = typeof values.format === "string" ? values.format : undefined;
    if (formatText !== undefined && !["json", "csv", "text"].includes(formatText)) {
      throw new UsageError(`--format: expected json, csv or text, got "${formatText}"`);
    }
    const format: Format =
      (formatText as Format | undefined) ?? (io.stdoutIsTTY && !outFile ? "text" : "json");
    const quiet = values.quiet === true;
    const progress = new Progress(io.stderrIsTTY && !quiet);
    const warn = (m: string) => {
      if (!quiet) io.stderr(`langevin ${cmd.name}: warning: ${m.replace(/\s*\n\s*/g, " ")}\n`);
    };
    const ctx = makeContext(values, parsed.positionals, format, progress, warn);
    for (const [name, spec] of Object.entries(cmd.options)) {
      if (spec.required && (values[name] === undefined || values[name] === "")) {
        throw new UsageError(`missing required option --${name}`);
      }
    }
    // Checked and locked before the work, so a bad --out costs nothing and two runs never mix.
    const out =
      outFile === undefined
        ? undefined
        : OutputFile.open(outFile, {
            option: "--out",
            onStale: (h) => warn(`removed the stale lock of pid ${h.pid} (that run is gone) on ${outFile}`),
          });
    try {
      let result: Awaited<ReturnType<Command["run"]>>;
      try {
        result = await cmd.run(ctx);
      } finally {
        progress.done();
      }
      const body = renderResult(result, format);
      if (out) out.write(body);
      else for (const chunk of body) io.stdout(chunk);
      if (result.failure) throw result.failure;
    } finally {
      out?.close();
    }
    return EXIT.ok;
  } catch (error) {
    const { code, message } = classifyError(error);
    io.stderr(`langevin${cmdName ? ` ${cmdName}` : ""}: ${message}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else if (code === EXIT.internal) io.stderr("(run again with --debug for the stack trace)\n");
    return code;
  }
}
