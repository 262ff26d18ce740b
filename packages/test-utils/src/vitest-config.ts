import { defineConfig, type ViteUserConfig } from "vitest/config";

/**
 * The vitest settings every langevin package shares: the `toBeAllclose` matcher, a generous
 * timeout for numerical tests on a 2-core machine, and a JSON report in `.vitest/results.json`
 * that the root's test summary reads (turbo keeps it as the task's output, so cache hits count too).
 */
export function langevinVitestConfig(include: string[] = ["src/**/*.test.ts", "test/**/*.test.ts"]): ViteUserConfig {
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
