/**
 * The API reference builds without a single warning: `typedoc` (the configuration `pnpm docs` uses,
 * with `--emit none`) validates every publishable package — no broken `{@link}`, no exported type
 * that refers to an unexported one, no exported member (property, method, signature) without a
 * doc comment — and `treatWarningsAsErrors` makes any of them fail the run. typedoc.json must list
 * every publishable package, so a new one cannot stay out of the reference. A small package with a
 * broken link and an undocumented option, checked with the same validation options, shows that the
 * check can fail.
 *
 * Needs the packages built (their imports of each other resolve to `dist/*.d.ts`); turbo builds
 * them before this test.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify, stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { publishablePackages, root } from "../scripts/package-meta.mjs";

const typedocBin = join(root, "node_modules", "typedoc", "bin", "typedoc");
const config = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as {
  entryPoints: string[];
  treatWarningsAsErrors: boolean;
  validation: Record<string, boolean>;
};
const made: string[] = [];

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Runs typedoc with `args` in `cwd`; its exit code and the warning and error lines it printed. */
async function typedoc(cwd: string, args: string[]): Promise<{ code: number; problems: string[] }> {
  const { code, output } = await promisify(execFile)(process.execPath, [typedocBin, ...args], {
    cwd,
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof e.code === "number" ? e.code : -1,
      output: `${e.stdout ?? ""}${e.stderr ?? ""}`,
    }),
  );
  const problems = stripVTControlCharacters(output)
    .split("\n")
    .filter((l) => /^\[(warning|error)\]/.test(l) && !/Found \d+ errors and \d+ warnings/.test(l));
  return { code, problems };
}

describe("API reference (TypeDoc)", () => {
  it("typedoc.json documents every publishable package and validates everything", () => {
    const dirs = (publishablePackages() as Array<{ dir: string }>).map((p) => p.dir).sort();
    expect([...config.entryPoints].sort()).toEqual(dirs);
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notExported: true, invalidLink: true, notDocumented: true });
  });

  it("builds with zero warnings", async () => {
    const { code, problems } = await typedoc(root, ["--emit", "none"]);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  }, 300_000);

  it("fails on a broken {@link} and on an undocumented option (the check can fail)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "langevin-typedoc-"));
    made.push(dir);
    mkdirSync(join(dir, "src"));
    writeFileSync(
      join(dir, "src", "index.ts"),
      [
        "/** Options of {@link spectralEvolve}. */",
        "export interface Options {",
        "  /** Documented. */",
        "  dt: number;",
        "  t1: number;",
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", target: "ES2022" },
        include: ["src"],
      }),
    );
    const validation = Object.entries(config.validation).flatMap(([k, v]) => [
      `--validation.${k}`,
      String(v),
    ]);
    const { code, problems } = await typedoc(dir, [
      "--entryPoints",
      "src/index.ts",
      "--tsconfig",
      "tsconfig.json",
      "--name",
      "fixture",
      // no source links: a fixture outside any repository has no git remote to make them from
      "--disableSources",
      "--treatWarningsAsErrors",
      "--emit",
      "none",
      ...validation,
    ]);
    expect(code).not.toBe(0);
    expect(
      problems.some((p) => /Failed to resolve link to "spectralEvolve"/.test(p)),
      problems.join("\n"),
    ).toBe(true);
    expect(
      problems.some((p) => /Options\.t1.*does not have any documentation/.test(p)),
      problems.join("\n"),
    ).toBe(true);
  }, 120_000);
});
