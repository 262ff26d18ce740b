import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Versions of installed packages, resolved from a module URL (`import.meta.url` of the caller).
 * A package that cannot be resolved is reported as "unresolved".
 *
 * @example
 * ```ts
 * packageVersions(["vega", "vega-lite"], import.meta.url); // { vega: "6.4.0", "vega-lite": "6.4.3" }
 * ```
 */
export function packageVersions(names: string[], from: string): Record<string, string> {
  const require = createRequire(from);
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      const path = require.resolve(`${name}/package.json`);
      out[name] = JSON.parse(readFileSync(path, "utf8")).version;
    } catch {
      out[name] = "unresolved";
    }
  }
  return out;
}

/**
 * Versions of the report package's own rendering dependencies.
 *
 * @example
 * ```ts
 * reportPackageVersions(); // { vega: "6.4.0", "vega-lite": "6.4.3", "cli-progress": "3.12.0" }
 * ```
 */
export function reportPackageVersions(): Record<string, string> {
  return packageVersions(["vega", "vega-lite", "cli-progress"], import.meta.url);
}
