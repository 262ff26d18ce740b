import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built binary (the package's `test` script builds it first). */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON output of the tool
  json: () => any;
}

/**
 * Spawns `node dist/bin.js ...args` (stdout is a pipe, so the default format is JSON), in
 * `options.env` when given (else this process's environment).
 */
export function langevin(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Run {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm --filter @langevin/cli build\` first`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    env: options.env,
    timeout: 120_000,
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout),
  };
}

/** Lines of stderr that are not empty. */
export function stderrLines(r: Run): string[] {
  return r.stderr.split("\n").filter((l) => l.trim() !== "");
}
