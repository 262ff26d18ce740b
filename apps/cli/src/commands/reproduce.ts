import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";

/**
 * Where the reproduction app's entry point lives in a repository checkout, relative to this file
 * (apps/cli/dist/commands/reproduce.js → apps/chaudhari-soatto/dist/main.js).
 *
 * @example
 * reproductionEntry(); // "/…/langevin/apps/chaudhari-soatto/dist/main.js"
 */
export function reproductionEntry(): string {
  return fileURLToPath(new URL("../../../chaudhari-soatto/dist/main.js", import.meta.url));
}

export const reproduceCommand: Command = {
  name: "reproduce",
  summary: "run the Chaudhari–Soatto reproduction app (repository checkout only)",
  usage: "langevin reproduce [ARGS...]",
  description: [
    "Runs apps/chaudhari-soatto (the reproduction of Chaudhari & Soatto, ICLR 2018) with ARGS passed",
    "through unchanged, and exits with its exit code. The app is not published with the CLI: this",
    "command works in a repository checkout after `pnpm build` (or use `pnpm reproduce` at the root).",
    "To pass --help to the app itself, write `langevin reproduce -- --help`.",
  ].join("\n"),
  options: {},
  passthrough: true,
  examples: ["langevin reproduce", "langevin reproduce -- --help"],
  run() {
    throw new Error("reproduce runs through runPassthrough");
  },
  async runPassthrough(args: string[]): Promise<number> {
    const entry = reproductionEntry();
    if (!existsSync(entry)) {
      throw new UsageError(
        `the reproduction app is only available in the repository checkout (not found: ${entry}; run \`pnpm build\` in the repository)`,
      );
    }
    const forwarded = args[0] === "--" ? args.slice(1) : args;
    return await runForwardingSignals(entry, forwarded);
  },
};

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `node entry args…` and resolves to its exit status. SIGINT, SIGTERM and SIGHUP that this
 * process receives meanwhile are passed on to the app, which finishes its partial report, and this
 * process waits for it: dying at once would leave the app writing after the shell has its prompt
 * back. An app ended by a signal it did not handle gives 128 + the signal's number (the shell's
 * convention).
 */
function runForwardingSignals(entry: string, args: string[]): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    // Its own process group: a terminal's Ctrl-C then reaches the app once, through this process.
    const child = spawn(process.execPath, [entry, ...args], { stdio: "inherit", detached: true });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const s of FORWARDED) process.on(s, forward);
    const done = () => {
      for (const s of FORWARDED) process.off(s, forward);
    };
    child.on("error", (e) => {
      done();
      reject(e);
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
