// Plain JavaScript on purpose: vitest loads config files through Node, which on Node 20 cannot
// import a .ts file from a workspace package.
import { defineConfig } from "vitest/config";

/**
 * The vitest settings every langevin package shares: the `toBeAllclose` matcher, generous timeouts
 * for numerical tests on a 2-core machine, and a JSON report in `.vitest/results.json` that the root's
 * test summary reads (turbo keeps it as the task's output, so cache hits count too).
 * @param {string[]} [include] test file globs
 * @returns {import("vitest/config").ViteUserConfig}
 */
export function langevinVitestConfig(include = ["src/**/*.test.ts", "test/**/*.test.ts"]) {
  return defineConfig({
    test: {
      setupFiles: ["@langevin/test-utils/setup"],
      include,
      exclude: ["**/node_modules/**", "**/dist/**"],
      testTimeout: 120_000,
      hookTimeout: 300_000,
      reporters: ["default", "json"],
      outputFile: { json: ".vitest/results.json" },
    },
  });
}
