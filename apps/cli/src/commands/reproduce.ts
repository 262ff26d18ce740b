import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
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
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [entry, ...forwarded], { stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 70)));
    });
  },
};
