// Types of the shared vitest config, which @langevin/test-utils ships as plain JS.
declare module "@langevin/test-utils/vitest-config" {
  export function langevinVitestConfig(include?: string[]): import("vitest/config").ViteUserConfig;
}
