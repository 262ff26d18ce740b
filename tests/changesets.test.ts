/**
 * Releasing leaves the private workspace packages (the reproduction apps, the explorer, these tests)
 * alone: in a throwaway git repository holding the workspace's manifests and pending changesets,
 * `changeset status` plans no release for them and `changeset version` neither bumps their version
 * nor writes a CHANGELOG. The same run with `privatePackages` removed from the config does bump them,
 * which shows the check can fail.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { root, workspacePackages } from "../scripts/package-meta.mjs";

interface Pkg {
  dir: string;
  manifest: { name: string; version: string; private?: boolean };
}
const packages = [
  ...(workspacePackages() as Pkg[]),
  { dir: "tests", manifest: readJson(join(root, "tests/package.json")) },
];
const privates = packages.filter((p) => p.manifest.private);
const made: string[] = [];

function readJson<T = Pkg["manifest"]>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** A git repository with the workspace's manifests, its .changeset folder and `config` as the changesets config. */
function scratchRepo(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "langevin-changesets-"));
  made.push(dir);
  for (const f of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(root, f), join(dir, f));
  cpSync(join(root, ".changeset"), join(dir, ".changeset"), { recursive: true });
  writeFileSync(join(dir, ".changeset", "config.json"), JSON.stringify(config));
  // one changeset of our own, so the check does not depend on changesets pending in the workspace
  writeFileSync(
    join(dir, ".changeset", "scratch-core.md"),
    '---\n"@langevin/core": patch\n---\n\nA change.\n',
  );
  for (const p of packages) {
    mkdirSync(join(dir, p.dir), { recursive: true });
    cpSync(join(root, p.dir, "package.json"), join(dir, p.dir, "package.json"));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "workspace manifests");
  return dir;
}

function changeset(dir: string, ...args: string[]): void {
  execFileSync(process.execPath, [join(root, "node_modules/@changesets/cli/bin.js"), ...args], {
    cwd: dir,
    stdio: "pipe",
    timeout: 60_000,
  });
}

/** The private packages that `changeset version` changed in `dir` (version bumped or CHANGELOG written). */
function touchedPrivates(dir: string): string[] {
  changeset(dir, "version");
  return privates
    .filter(
      (p) =>
        readJson(join(dir, p.dir, "package.json")).version !== p.manifest.version ||
        existsSync(join(dir, p.dir, "CHANGELOG.md")),
    )
    .map((p) => p.manifest.name);
}

const config = readJson<Record<string, unknown>>(join(root, ".changeset/config.json"));

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("changesets and private packages", () => {
  it("the workspace has private packages to try it on", () => {
    expect(privates.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(["explorer", "@langevin/loss-landscape", "@langevin/chaudhari-soatto"]),
    );
  });

  it("`changeset status` plans no release of a private package", () => {
    const dir = scratchRepo(config);
    changeset(dir, "status", "--output", "status.json");
    const status = readJson<{ releases: Array<{ name: string; type: string }> }>(join(dir, "status.json"));
    expect(status.releases.length, "@langevin/core has a changeset").toBeGreaterThan(0);
    for (const r of status.releases.filter((r) => privates.some((p) => p.manifest.name === r.name)))
      expect(r.type, r.name).toBe("none");
  }, 60_000);

  it("`changeset version` leaves every private package's version and CHANGELOG alone", () => {
    expect(touchedPrivates(scratchRepo(config))).toEqual([]);
  }, 60_000);

  it("fails as it should without privatePackages: the private dependents get bumped", () => {
    const { privatePackages: _, ...without } = config;
    expect(touchedPrivates(scratchRepo({ ...without, ignore: [] })).length).toBeGreaterThan(0);
  }, 60_000);
});
