import { UsageError } from "./errors.js";
import { defaultVars, parseInteger, parseParams, parseVars } from "./parse.js";
import type { Progress } from "./progress.js";

/** One command-line option of a command. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** May be given several times (values are collected in order). */
  multiple?: boolean;
  /** Placeholder shown in the help, e.g. `EXPR`. */
  arg?: string;
  description: string;
  /** The default, as shown in the help (the command applies it). */
  default?: string;
  required?: boolean;
}

/** What a command produces: JSON data plus its text and CSV renderings. */
export interface CommandResult {
  data: unknown;
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
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  params: Record<string, number>;
  /** Explicit `--vars`, or undefined (use {@link Context.varsFor}). */
  vars: string[] | undefined;
  seed: number;
  quiet: boolean;
  debug: boolean;
  format: Format;
  progress: Progress;
  /** Prints a warning on stderr unless `--quiet`. */
  warn: (message: string) => void;
  /** The variable names for dimension d: `--vars` when given (checked against d), else the defaults. */
  varsFor: (d: number, what: string) => string[];
  /** A required string option (UsageError when missing). */
  need: (name: string) => string;
  /** An optional string option. */
  opt: (name: string) => string | undefined;
  flag: (name: string) => boolean;
}

/** A subcommand of `langevin`. */
export interface Command {
  /** e.g. `"sde"` or `"fp stationary"`. */
  name: string;
  summary: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Accepts positional arguments (e.g. `merge FILES...`). */
  positionals?: boolean;
  /** Whether `--seed` is meaningful for this command. */
  random?: boolean;
  run: (ctx: Context) => Promise<CommandResult> | CommandResult;
  /** Takes its arguments raw (no option parsing) and returns an exit code (e.g. `reproduce`). */
  passthrough?: boolean;
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
