#!/usr/bin/env node
// The `langevin` command. It loads the compiled CLI from dist/; in a fresh clone of the repository
// (after `pnpm install`, before `pnpm build`) dist/ does not exist yet, so it builds the CLI and the
// packages it needs once, with turbo, and goes on. Outside the repository it says how to build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "..", "dist", "bin.js");

/** The monorepo's root when this file sits in its apps/cli (a pnpm-workspace.yaml two levels up). */
function workspaceRoot() {
  const root = join(here, "..", "..", "..");
  return existsSync(join(root, "pnpm-workspace.yaml")) && existsSync(join(here, "..", "src", "bin.ts"))
    ? root
    : undefined;
}

if (!existsSync(entry)) {
  const root = workspaceRoot();
  if (root === undefined) {
    process.stderr.write(
      `langevin: ${entry} is missing: this copy of @langevin/cli was not built (run \`pnpm build\`)\n`,
    );
    process.exit(70);
  }
  process.stderr.write(
    "langevin: first run in this clone, building @langevin/cli and the packages it uses (pnpm build does all)…\n",
  );
  // turbo's own output goes to stderr, so that `pnpm langevin … > out.json` stays clean JSON
  const build = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@langevin/cli...", "--output-logs=errors-only"],
    { cwd: root, stdio: ["ignore", 2, 2] },
  );
  if (build.status !== 0 || !existsSync(entry)) {
    process.stderr.write(
      "langevin: the build failed (output above); run `pnpm build` in the repository root\n",
    );
    process.exit(build.status || 70);
  }
}

await import(pathToFileURL(entry).href);
