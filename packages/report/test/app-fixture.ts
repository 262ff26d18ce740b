import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";
import type { AppDefinition } from "../src/app.js";

/**
 * A temporary folder for a test file's runs, removed after its tests; `process.exitCode` (which
 * runApp sets) is reset after each test, so a failing run does not fail vitest itself.
 */
export function runFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });
  return dir;
}

/** The "demo" app of the tests, writing to `dir`/default unless told: `fields` adds or replaces. */
export function demoApp(dir: string, fields: Pick<AppDefinition, "experiments"> & Partial<AppDefinition>) {
  const app: AppDefinition = {
    name: "demo",
    title: "Demo app",
    defaultOut: join(dir, "default"),
    packages: [],
    from: import.meta.url,
    list: "ids",
    usage: { headline: "demo: a test app", command: "node demo.js [options]", full: "bigger runs" },
    ...fields,
  };
  return app;
}
