import { UsageError } from "./errors.js";
import { defaultVars, parseInteger, parseParams, parseVars } from "./parse.js";
import type { Progress } from "./progress.js";

/** One command-line option of a command. */
export interface OptionSpec {
  /** "string" takes a value; "boolean" is a flag. */
  type: "string" | "boolean";
  /** May be given several times (values are collected in order). */
  multiple?: boolean;
  /** Placeholder shown in the help, e.g. `EXPR`. */
  arg?: string;
  /** One line for the help. */
  description: string;
  /** The default, as shown in the help (the command applies it). */
  default?: string;
  /** The command fails with a usage error without it. */
  required?: boolean;
}

/** What a command produces: JSON data plus its text and CSV renderings. */
export interface CommandResult {
  /** The result as JSON-serialisable data (`--format json`). */
  data: unknown;
  /** The result for a terminal (`--format text`). */
  text: () => string;
  /** CSV text, whole or in chunks (large tables stream: see `csvTable`). */
  csv?: () => string | Iterable<string>;
  /** Set when the solver ran but did not converge: the result is still written, then the tool exits 1. */
  failure?: Error;
}

/** Output formats of the tool. */
export type Format = "json" | "csv" | "text";

/** Everything a command's `run` receives. */
export interface Context {
  /** Option values by name, as parsed. */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Positional arguments (commands with `positionals`). */
  positionals: string[];
  /** `--param name=value` constants for the expressions. */
  params: Record<string, number>;
  /** Explicit `--vars`, or undefined (use {@link Context.varsFor}). */
  vars: string[] | undefined;
  /** `--seed` (default 1). */
  seed: number;
  /** `--quiet`: no progress, no warnings. */
  quiet: boolean;
  /** `--debug`: stack traces on errors. */
  debug: boolean;
  /** The output format chosen (by `--format`, or text on a terminal, else JSON). */
  format: Format;
  /** Progress display on stderr (silent when quiet or not a terminal). */
  progress: Progress;
  /** Prints a warning on stderr unless `--quiet`. */
  warn: (message: string) => void;
  /** The variable names for dimension d: `--vars` when given (checked against d), else the defaults. */
  varsFor: (d: number, what: string) => string[];
  /** A required string option (UsageError when missing). */
  need: (name: string) => string;
  /** An optional string option. */
  opt: (name: string) => string | undefined;
  /** A boolean flag. */
  flag: (name: string) => boolean;
}

/** A subcommand of `langevin`. */
export interface Command {
  /** e.g. `"sde"` or `"fp stationary"`. */
  name: string;
  /** One line for the command list of `langevin --help`. */
  summary: string;
  /** The usage line of `langevin <command> --help`. */
  usage: string;
  /** What the command does, for its help. */
  description: string;
  /** The command's own options (the common ones are added). */
  options: Record<string, OptionSpec>;
  /** Example command lines for the help. */
  examples: string[];
  /** Accepts positional arguments (e.g. `merge FILES...`). */
  positionals?: boolean;
  /** Whether `--seed` is meaningful for this command. */
  random?: boolean;
  /** Runs the command on parsed options. */
  run: (ctx: Context) => Promise<CommandResult> | CommandResult;
  /** Takes its arguments raw (no option parsing) and returns an exit code (e.g. `reproduce`). */
  passthrough?: boolean;
  /** Runs a passthrough command on its raw arguments, returning the exit code. */
  runPassthrough?: (args: string[]) => Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  vars: {
    type: "string",
    arg: "x,y",
    description: "names of the coordinates (default x, x,y or x,y,z by dimension)",
  },
  param: {
    type: "string",
    multiple: true,
    arg: "name=value",
    description: "a constant used in the expressions (repeatable)",
  },
  format: {
    type: "string",
    arg: "json|csv|text",
    description: "output format (default: text on a terminal, json otherwise)",
  },
  out: { type: "string", arg: "FILE", description: "write the result to FILE instead of stdout" },
  seed: { type: "string", arg: "N", description: "random seed (commands that sample)", default: "1" },
  quiet: { type: "boolean", description: "no progress and no warnings on stderr" },
  debug: { type: "boolean", description: "print the stack trace of internal errors" },
  help: { type: "boolean", description: "show this help" },
};

/** Builds the context of a command from parsed option values. */
export function makeContext(
  values: Context["values"],
  positionals: string[],
  format: Format,
  progress: Progress,
  warn: (m: string) => void,
): Context {
  const vars = typeof values.vars === "string" ? parseVars(values.vars) : undefined;
  const seedText = typeof values.seed === "string" ? values.seed : "1";
  const seed = parseInteger("--seed", seedText, 0);
  const opt = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  return {
    values,
    positionals,
    params: parseParams(values.param as string[] | undefined),
    vars,
    seed,
    quiet: values.quiet === true,
    debug: values.debug === true,
    format,
    progress,
    warn,
    varsFor(d, what) {
      if (!vars) return defaultVars(d);
      if (vars.length !== d) {
        throw new UsageError(
          `--vars: ${vars.length} name${vars.length === 1 ? "" : "s"} given but ${what} has dimension ${d}`,
        );
      }
      return vars;
    },
    need(name) {
      const v = opt(name);
      if (v === undefined || v.trim() === "") throw new UsageError(`missing required option --${name}`);
      return v;
    },
    opt,
    flag: (name) => values[name] === true,
  };
}
