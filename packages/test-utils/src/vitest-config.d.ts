import type { ViteUserConfig } from "vitest/config";

/** The vitest settings every langevin package shares (see vitest-config.js). */
export declare function langevinVitestConfig(include?: string[]): ViteUserConfig;
