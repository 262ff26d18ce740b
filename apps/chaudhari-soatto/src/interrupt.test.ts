import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

describe("Ctrl-C", () => {
  it("stops the running experiment, skips the rest, writes the report as partial results and exits with 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cs-interrupt-"));
    try {
      // LANGEVIN_TEST_PAUSE holds the app at the start of example-19 until a signal arrives, so the
      // Ctrl-C lands inside that experiment whatever the machine's speed.
      const child = spawn(
        process.execPath,
        [main, "--test", "--only", "example-19,linearised", "--out", dir],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, LANGEVIN_TEST_PAUSE: "experiment:example-19" },
        },
      );
      let err = "";
      let sent = false;
      child.stderr.on("data", (d) => {
        err += d;
        if (!sent && err.includes("langevin test pause: experiment:example-19")) {
          sent = true;
          child.kill("SIGINT");
        }
      });
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(130);
      // Interrupted results are partial: they go beside the last complete run, never over it.
      const json = JSON.parse(readFileSync(join(dir, "partial", "results.json"), "utf8"));
      expect(json.aborted).toBe(true);
      expect(json.partial).toBe(true);
      expect(json.experiments.map((e: { status: string }) => e.status)).toEqual(["aborted", "skipped"]);
      expect(readFileSync(join(dir, "partial", "report.html"), "utf8")).toContain("interrupted");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
