import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["@langevin/test-utils/setup"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
