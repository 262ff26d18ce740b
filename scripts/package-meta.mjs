/**
 * The publishing metadata every publishable package carries, derived from one source of truth: the
 * `publishMeta` block of the root package.json. `node scripts/package-meta.mjs --write` brings every
 * publishable package.json in line; tests/package-meta.test.ts fails (naming this command) when one
 * drifts or a new package forgets a field.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every workspace package under packages/ and apps/ with its directory relative to the root. */
export function workspacePackages() {
  return ["packages", "apps"]
    .flatMap((top) => readdirSync(join(root, top)).map((d) => `${top}/${d}`))
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) }));
}

/** The packages `changeset publish` would publish (not marked private). */
export function publishablePackages() {
  return workspacePackages().filter(({ manifest }) => !manifest.private);
}

/** The fields a publishable package in `dir` must have, exactly. */
export function expectedMeta(dir, manifest) {
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const meta = rootManifest.publishMeta;
  const own = (manifest.keywords ?? []).filter((k) => !meta.keywords.includes(k));
  return {
    license: meta.license,
    author: meta.author,
    repository: { type: "git", url: meta.repository, directory: dir },
    homepage: `${meta.homepage}/tree/main/${dir}#readme`,
    bugs: { url: meta.bugs },
    keywords: [...meta.keywords, ...own],
    engines: rootManifest.engines,
  };
}

if (process.argv[2] === "--write") {
  for (const { dir, manifest } of publishablePackages()) {
    const next = { ...manifest, ...expectedMeta(dir, manifest) };
    writeFileSync(join(root, dir, "package.json"), `${JSON.stringify(next, null, 2)}\n`);
    console.log(`${manifest.name}: ${dir}/package.json`);
  }
}
