import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["@langevin/test-utils/setup"],
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
