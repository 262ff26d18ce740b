/**
 * scripts/reproduce.mjs under SIGINT and SIGTERM. LANGEVIN_TEST_PAUSE holds the app at the start of
 * example-19 (it prints `langevin test pause: … (pid N)` and waits for a signal), so the signal is
 * sent to the script exactly while the app runs, whatever the machine's speed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "reproduce.mjs");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("scripts/reproduce.mjs", () => {
  for (const [signal, status] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    it(`passes ${signal} on to the app, waits for its partial report and exits with ${status}`, async () => {
      const out = mkdtempSync(join(tmpdir(), "cs-reproduce-"));
      let app = 0;
      try {
        const child = spawn(
          process.execPath,
          [script, "--app", "chaudhari-soatto", "--only", "example-19", "--test", "--quiet", "--out", out],
          {
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, LANGEVIN_TEST_PAUSE: "experiment:example-19" },
          },
        );
        let err = "";
        // "exit" and not "close": an app that outlived the script would hold the stderr pipe open.
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
          child.on("exit", (code, sig) => resolve({ code, signal: sig })),
        );
        const closed = new Promise((resolve) => child.on("close", resolve));
        app = await new Promise<number>((resolve, reject) => {
          child.stderr.on("data", (d) => {
            err += d;
            const m = /langevin test pause: experiment:example-19 \(pid (\d+)\)/.exec(err);
            if (m) resolve(Number(m[1]));
          });
          child.on("close", () => reject(new Error(`the script ended before the app paused: ${err}`)));
        });
        child.kill(signal);
        expect(await exited).toEqual({ code: status, signal: null });
        // The script returned only after the app had ended (an app left running would still answer).
        expect(alive(app)).toBe(false);
        await closed;
        // The app received the signal (not a kill): it wrote its partial report before it exited.
        expect(err).toContain(`interrupted (${signal}): finishing the report`);
        const json = JSON.parse(readFileSync(join(out, "partial", "results.json"), "utf8"));
        expect(json.partial).toBe(true);
        expect(json.experiments.map((e: { status: string }) => e.status)).toEqual(["aborted"]);
      } finally {
        if (app && alive(app)) process.kill(app, "SIGKILL");
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
});
