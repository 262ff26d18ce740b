import { langevinVitestConfig } from "@langevin/test-utils/vitest-config";

export default langevinVitestConfig(["src/**/*.test.ts"]);
