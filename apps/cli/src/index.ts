export { COMMANDS } from "./commands/index.js";
export { classifyError, EXIT, SolverFailure, UsageError } from "./errors.js";
export { commandHelp, globalHelp, main } from "./main.js";
export * from "./parse.js";
