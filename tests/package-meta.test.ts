/**
 * Every publishable package carries the same publishing metadata (repository with its directory,
 * homepage, bugs, author, license, the shared keywords, engines), derived from the root
 * package.json's `publishMeta` by scripts/package-meta.mjs; a new package that forgets a field fails
 * here. Its README has an "Install" section that says the package is ESM only. The failing case checks that the comparison notices a drifted field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { expectedMeta, publishablePackages, root } from "../scripts/package-meta.mjs";

interface Manifest {
  name: string;
  private?: boolean;
  type?: string;
  files?: string[];
  publishConfig?: { access?: string };
  [field: string]: unknown;
}
interface Pkg {
  dir: string;
  manifest: Manifest;
}

const packages = publishablePackages() as Pkg[];

/** The fields of `manifest` that differ from what the root's publishMeta asks for. */
function drift(dir: string, manifest: Manifest): string[] {
  const want = expectedMeta(dir, manifest) as Record<string, unknown>;
  return Object.keys(want).filter((k) => JSON.stringify(manifest[k]) !== JSON.stringify(want[k]));
}

describe("package metadata from one source of truth", () => {
  it("finds the publishable packages", () => {
    const names = packages.map((p) => p.manifest.name);
    expect(names).toContain("@langevin/core");
    expect(names).toContain("@langevin/cli");
    expect(names).not.toContain("explorer");
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))("%s matches publishMeta", (_, p) => {
    expect(drift(p.dir, p.manifest), `run \`node scripts/package-meta.mjs --write\``).toEqual([]);
    const m = p.manifest;
    expect(String((m.repository as { url: string }).url)).not.toMatch(/example\.invalid/);
    expect(m.type, "ESM only").toBe("module");
    expect(m.publishConfig?.access).toBe("public");
    expect(typeof m.description === "string" && m.description.length > 0, "description").toBe(true);
    expect((m.keywords as string[]).length, "own keywords beside the shared ones").toBeGreaterThan(
      (JSON.parse(readFileSync(join(root, "package.json"), "utf8")).publishMeta.keywords as string[]).length,
    );
    const readme = readFileSync(join(root, p.dir, "README.md"), "utf8");
    // where users look first: the Install section says the package is ESM only
    const install = readme.split(/^## /m).find((section) => section.startsWith("Install"));
    expect(install, `${p.dir}/README.md has an "## Install" section`).toBeDefined();
    expect(install, `${p.dir}/README.md: Install says "ESM only"`).toMatch(/ESM only/);
  });

  it("notices a package whose repository directory or homepage is wrong", () => {
    const core = packages.find((p) => p.manifest.name === "@langevin/core") as Pkg;
    const broken = {
      ...core.manifest,
      repository: { ...(core.manifest.repository as object), directory: "packages/other" },
      homepage: undefined,
    };
    expect(drift(core.dir, broken).sort()).toEqual(["homepage", "repository"]);
  });
});
