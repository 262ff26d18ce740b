import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

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
    out[name] = "unresolved";
    try {
      const path = require.resolve(`${name}/package.json`);
      out[name] = JSON.parse(readFileSync(path, "utf8")).version;
      continue;
    } catch {
      // The package does not export ./package.json: walk up from its entry point.
    }
    try {
      let dir = dirname(require.resolve(name));
      for (let up = 0; up < 6; up++) {
        const candidate = join(dir, "package.json");
        if (existsSync(candidate)) {
          const pkg = JSON.parse(readFileSync(candidate, "utf8"));
          if (pkg.name === name) {
            out[name] = pkg.version;
            break;
          }
        }
        dir = dirname(dir);
      }
    } catch {
      // stays "unresolved"
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
