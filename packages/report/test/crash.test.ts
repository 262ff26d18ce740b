/**
 * What is on disk when a run of an app is killed or interrupted at an exact point. The child is a
 * small app on the real runApp (test/demo-app.mjs); LANGEVIN_TEST_PAUSE stops it at a named point
 * (it prints `langevin test pause: <point> (pid N)` and blocks), and only then does the test kill or
 * signal it: every step waits for the child's own marker or exit, never for a clock.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_PAUSE_ENV } from "@langevin/output";
import { afterAll, describe, expect, it } from "vitest";

const demo = fileURLToPath(new URL("./demo-app.mjs", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "report-crash-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when the child has printed the pause marker. */
  paused: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(out: string, pause?: string): Started {
  const env = { ...process.env };
  delete env[TEST_PAUSE_ENV];
  if (pause) env[TEST_PAUSE_ENV] = pause;
  const child = spawn(process.execPath, [demo, "--quiet", "--out", out], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const paused = new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (d) => {
      err += d;
      if (err.includes(`langevin test pause: ${pause} (pid ${child.pid})`)) resolve();
    });
    child.on("close", () => reject(new Error(`the child exited before pausing at ${pause}: ${err}`)));
  });
  paused.catch(() => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => err, paused, exit };
}

/** The pair a user opens: the run id in report.html's meta tag and in results.json, and its size. */
function pair(folder: string) {
  const html = readFileSync(join(folder, "report.html"), "utf8");
  const json = JSON.parse(readFileSync(join(folder, "results.json"), "utf8"));
  return {
    htmlRun: /<meta name="langevin-run" content="([^"]+)">/.exec(html)?.[1],
    jsonRun: json.runId as string,
    partial: json.partial as boolean,
    values: json.experiments[0].numbers.values?.length as number | undefined,
    status: json.experiments[0].status as string,
  };
}

const runs = (out: string) => readdirSync(join(out, "runs")).sort();

describe("a run killed while it writes", () => {
  it("leaves the last complete pair whole and unmixed at every point before the switch, the new one after it", async () => {
    const out = join(root, "killed");
    const first = start(out);
    expect((await first.exit).code).toBe(0);
    const a = pair(out);
    expect(a).toMatchObject({ htmlRun: a.jsonRun, partial: false, values: 200_000, status: "passed" });

    for (const point of ["report:after-html", "write:results.json", "commit:before-switch"]) {
      const s = start(out, point);
      await s.paused;
      if (point === "write:results.json") {
        // Really mid-write: the new results.json is a truncated temporary file in the run's folder.
        const mine = runs(out).find((n) => n.includes(`-${s.child.pid}-`)) as string;
        const temp = readdirSync(join(out, "runs", mine)).find((n) => n.startsWith(".results.json."));
        const partialText = readFileSync(join(out, "runs", mine, temp as string), "utf8");
        // The first flush: at least 1 MiB of the ~2.5 MB file, and not parseable JSON.
        expect(partialText.length).toBeGreaterThanOrEqual(1 << 20);
        expect(() => JSON.parse(partialText)).toThrow();
      }
      s.child.kill("SIGKILL");
      expect((await s.exit).signal).toBe("SIGKILL");
      expect(pair(out)).toEqual(a);
    }

    const switched = start(out, "commit:after-switch");
    await switched.paused;
    switched.child.kill("SIGKILL");
    await switched.exit;
    const b = pair(out);
    expect(b).toMatchObject({ htmlRun: b.jsonRun, partial: false, values: 200_000 });
    expect(b.jsonRun).not.toBe(a.jsonRun);

    // The next run takes over the killed run's stale lock and removes the dead runs' folders.
    const next = start(out);
    expect((await next.exit).code).toBe(0);
    expect(next.stderr()).toContain(`removed the stale lock of pid ${switched.child.pid} (that run is gone)`);
    const c = pair(out);
    expect(c.htmlRun).toBe(c.jsonRun);
    expect(runs(out)).toEqual([b.jsonRun, c.jsonRun].sort());
  });
});

describe("two runs into one folder, and an interrupted run", () => {
  it("refuses the second with exit 2 naming the folder and the holder's pid; the interrupted one goes to partial/", async () => {
    const out = join(root, "locked");
    const first = start(out);
    expect((await first.exit).code).toBe(0);
    const a = pair(out);

    // Holds the lock, waiting at the start of its experiment until it is interrupted.
    const held = start(out, "experiment:quick");
    await held.paused;
    const second = start(out);
    expect((await second.exit).code).toBe(2);
    expect(second.stderr()).toMatch(
      new RegExp(`^--out: ${out} is in use by another run \\(pid ${held.child.pid}, started `),
    );

    held.child.kill("SIGINT");
    expect((await held.exit).code).toBe(130);
    expect(pair(out)).toEqual(a);
    const p = pair(join(out, "partial"));
    expect(p).toMatchObject({ htmlRun: p.jsonRun, partial: true, status: "aborted" });
    expect(readFileSync(join(out, "partial", "report.html"), "utf8")).toContain("Partial results.");
    expect(existsSync(join(out, ".lock"))).toBe(false);
  });
});
