import { langevinVitestConfig } from "@langevin/test-utils/vitest-config";
import { mergeConfig } from "vitest/config";

// One test file at a time: the whole-app test (test/report-e2e.test.ts starts a browser, src/app.test.ts
// runs every experiment) must not compete with each other for the two cores.
export default mergeConfig(langevinVitestConfig(), { test: { fileParallelism: false } });
