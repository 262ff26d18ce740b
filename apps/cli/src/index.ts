export type { Command, CommandResult, Context, Format, OptionSpec } from "./command.js";
export { COMMANDS } from "./commands/index.js";
export { type Classified, classifyError, EXIT, SolverFailure, UsageError } from "./errors.js";
export { commandHelp, globalHelp, type Io, main } from "./main.js";
export * from "./parse.js";
export { Progress } from "./progress.js";
