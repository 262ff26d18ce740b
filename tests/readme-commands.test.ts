/**
 * The commands the READMEs show still work, and print what the READMEs say they print — in shape,
 * not in value. Every fenced `sh` block of the root README and of each package's and app's README is
 * read; each command in it is either run or skipped by a listed rule that gives the reason (an
 * install from the registry, a command of minutes, a server that never exits …). A command no rule
 * knows fails the test, so a new README command has to be classified.
 *
 * A command shown after a `$ ` prompt is followed in the README by its output; the printed output must
 * have the same shape: for text, line by line the same words with every number replaced by `#` (a
 * line holding only `…` stands for more lines); for JSON, every key the README shows is in the
 * printed JSON. Commands shown without output must exit with 0 and print something (valid JSON
 * when they ask for `--format json`).
 *
 * The README shows what a terminal prints (`--format text`, the default on a terminal); the test's
 * stdout is a pipe, so a shown text output is compared with the command run with `--format text`.
 *
 * `langevin` runs the workspace's bin (apps/cli/bin/langevin.mjs, what `pnpm langevin` runs); each
 * block runs in its own temporary folder so that `--out` files land there.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const bin = join(root, "apps", "cli", "bin", "langevin.mjs");

/** One command of a README: its text (continuation lines joined) and the output shown after it, if any. */
interface Shown {
  readme: string;
  line: number;
  command: string;
  output: string[] | null;
}

/** Why a command is not run here. Checked in order; the first match wins. */
const SKIP: Array<[RegExp, string]> = [
  [/^npm install -g pnpm@/, "the README's two set-up commands: .ci/run runs them on a clean clone"],
  [
    /^npm install @langevin\//,
    "install from the registry: not published yet; tests/pack.test.ts installs the same package from its tarball",
  ],
  [
    /pnpm pack --pack-destination|^npm install -g \/tmp\/langevin-tgz/,
    "a global install: tests/pack.test.ts packs and installs the same tarballs and runs their langevin",
  ],
  [
    /^(pnpm reproduce|node scripts\/reproduce\.mjs)\b/,
    "minutes of work: .ci/run runs `pnpm reproduce`; each app's test runs its experiments",
  ],
  [/^(sbatch|srun|salloc|squeue|sacct|scancel)\b/, "needs a Slurm cluster"],
  [
    /\blangevin slurm\b[\s\S]*--submit/,
    "submits real jobs (up to a --full reproduction): tests/slurm.test.ts submits the same commands, small, to the test cluster",
  ],
  [/^pnpm install\b/, "the set-up itself: .ci/run installs on a clean clone"],
  [/^(\.ci\/run|git clone)\b/, "the clean-clone CI run itself (minutes, network)"],
  [/^pnpm build\b/, "the build itself: turbo builds every package before this test"],
  [/^pnpm --filter explorer (dev|preview)\b/, "starts a web server that runs until stopped"],
  [
    /^pnpm --filter explorer (build|test|typecheck)\b/,
    "part of `pnpm test` (turbo runs the explorer's build, tests and typecheck)",
  ],
];

/** Commands run here (cheap: well under ten seconds each on the 2-core CI machine). */
const RUN: RegExp[] = [
  /^(pnpm )?langevin /,
  /^for i in .*\n\s+langevin /,
  /^node apps\/[a-z-]+\/dist\/main\.js (--list|--only \S+ --test)\b/,
];

/** The `sh` blocks of a README split into commands, with the output shown after `$ ` commands. */
function shownCommands(readme: string, text: string): Shown[] {
  const found: Shown[] = [];
  const block = /^```(?:sh|bash|shell|console)\n([\s\S]*?)^```$/gm;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const first = text.slice(0, m.index).split("\n").length + 1;
    const lines = (m[1] as string).replace(/\n$/, "").split("\n");
    if (lines.some((l) => l.startsWith("$ "))) {
      lines.forEach((l, i) => {
        if (!l.startsWith("$ ")) return;
        const output: string[] = [];
        for (let k = i + 1; k < lines.length && !lines[k]?.startsWith("$ "); k++)
          output.push(lines[k] as string);
        found.push({ readme, line: first + i, command: l.slice(2), output });
      });
    } else if (lines.some((l) => /^for .*; do$/.test(l))) {
      // a loop and what follows it depend on each other: one script
      found.push({ readme, line: first, command: lines.join("\n"), output: null });
    } else {
      let start = -1;
      let acc = "";
      lines.forEach((l, i) => {
        if (acc === "" && (l.trim() === "" || l.startsWith("#"))) return;
        if (acc === "") start = i;
        acc += acc === "" ? l : `\n${l}`;
        if (!l.endsWith("\\")) {
          found.push({ readme, line: first + start, command: acc.replace(/\s+#[^"']*$/, ""), output: null });
          acc = "";
        }
      });
    }
  }
  return found;
}

/** A line's shape: numbers (also signed, decimal, exponent) become `#`, runs of blanks one space. */
function lineShape(line: string): string {
  return line
    .replace(/(?<![A-Za-z_\d.])[-−]?\d+(\.\d+)?(e[-+]?\d+)?(?![A-Za-z_\d])/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

/** What differs between the output a README shows and the printed one, in shape (empty when they agree). */
function shapeDifferences(shown: string[], printed: string): string[] {
  const text = shown.join("\n").trim();
  if (text.startsWith("{") || text.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(printed);
    } catch {
      return ["the README shows JSON, the command printed something else"];
    }
    const keys = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          collect(x);
        }
    };
    collect(json);
    return [...text.matchAll(/"([A-Za-z_][\w]*)"\s*:/g)]
      .map((k) => k[1] as string)
      .filter((k) => !keys.has(k))
      .map((k) => `key "${k}" shown in the README is not in the output`);
  }
  const printedLines = printed.replace(/\n$/, "").split("\n");
  const open = shown.at(-1)?.trim() === "…";
  const want = open ? shown.slice(0, -1) : shown;
  const diffs: string[] = [];
  if (open ? printedLines.length < want.length : printedLines.length !== want.length)
    diffs.push(`${want.length}${open ? "+" : ""} lines shown, ${printedLines.length} printed`);
  want.forEach((w, i) => {
    const got = printedLines[i] ?? "";
    if (lineShape(w) !== lineShape(got))
      diffs.push(`line ${i + 1}: shown "${w.trim()}", printed "${got.trim()}"`);
  });
  return diffs;
}

/** "run", or the reason to skip, or "unlisted". */
function classify(command: string): "run" | "unlisted" | { skip: string } {
  for (const [re, why] of SKIP) if (re.test(command)) return { skip: why };
  return RUN.some((re) => re.test(command)) ? "run" : "unlisted";
}

const readmes = [
  "README.md",
  ...["packages", "apps"].flatMap((top) =>
    readdirSync(join(root, top)).map((d) => join(top, d, "README.md")),
  ),
].filter((f) => {
  try {
    readFileSync(join(root, f));
    return true;
  } catch {
    return false;
  }
});
const commands = readmes.flatMap((f) => shownCommands(f, readFileSync(join(root, f), "utf8")));
const made: string[] = [];

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Runs a README command with `sh` in a fresh temporary folder, `langevin` being the workspace's bin. */
async function runShown(command: string): Promise<{ stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "langevin-readme-"));
  made.push(cwd);
  const prelude = [
    `langevin() { node ${JSON.stringify(bin)} "$@"; }`,
    // `pnpm langevin …` is the root's bin, the same file
    `pnpm() { if [ "$1" = langevin ]; then shift; langevin "$@"; else command pnpm "$@"; fi; }`,
  ].join("\n");
  // run in the temporary folder: `--out` files land there (an absolute /tmp/… too), app paths are the root's
  const script = `${prelude}\n${command.replace(/node apps\//g, `node ${root}/apps/`).replace(/--out \/tmp\//g, "--out ./")}`;
  return promisify(execFile)("sh", ["-c", script], {
    cwd,
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

describe("README commands", () => {
  it("finds the shown commands and classifies every one of them", () => {
    expect(commands.length).toBeGreaterThan(20);
    const unlisted = commands.filter((c) => classify(c.command) === "unlisted");
    expect(
      unlisted.map((c) => `${c.readme}:${c.line}: ${c.command}`),
      "add each to RUN or to SKIP with a reason",
    ).toEqual([]);
  });

  it("the shape check fails on a different shape and passes on other values", () => {
    const shown = ["critical point: saddle of index 1 at x, y = (-3.4846e-15, 0)", "  3 Newton iterations"];
    expect(
      shapeDifferences(
        shown,
        "critical point: saddle of index 1 at x, y = (2e-9, -1.5)\n  7 Newton iterations\n",
      ),
    ).toEqual([]);
    expect(
      shapeDifferences(shown, "critical point: minimum at x, y = (1, 0)\n  7 Newton iterations\n"),
    ).toHaveLength(1);
    expect(shapeDifferences(shown, "critical point: saddle of index 1 at x, y = (0, 0)\n")).toHaveLength(2);
    expect(shapeDifferences(['{ "mass": 1, "mode": [0] }'], '{"mass": 1}')).toEqual([
      'key "mode" shown in the README is not in the output',
    ]);
    expect(classify("rm -rf /")).toBe("unlisted");
  });

  const runnable = commands.filter((c) => classify(c.command) === "run");
  it.concurrent.each(runnable.map((c) => [`${relative(root, join(root, c.readme))}:${c.line}`, c] as const))(
    "%s runs as shown",
    async (_, c) => {
      const text = c.output && !/^\s*[[{]/.test(c.output.join("\n")) && !/--format /.test(c.command);
      const { stdout } = await runShown(text ? `${c.command} --format text` : c.command);
      if (c.output) expect(shapeDifferences(c.output, stdout), c.command).toEqual([]);
      else if (!/--out \S+\s*$/.test(c.command) && !/\n/.test(c.command)) {
        expect(stdout.trim().length, `${c.command} prints something`).toBeGreaterThan(0);
        if (/--format json/.test(c.command)) expect(() => JSON.parse(stdout), c.command).not.toThrow();
      }
    },
    120_000,
  );
});
