import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

describe("Ctrl-C", () => {
  it("stops the running experiment, skips the rest, writes the report and exits with 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cs-interrupt-"));
    try {
      const child = spawn(
        process.execPath,
        [main, "--test", "--only", "example-19,linearised", "--out", dir],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let err = "";
      let sent = false;
      child.stderr.on("data", (d) => {
        err += d;
        if (!sent && err.includes("[example-19] start")) {
          sent = true;
          child.kill("SIGINT");
        }
      });
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(130);
      const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
      expect(json.aborted).toBe(true);
      expect(json.experiments.map((e: { status: string }) => e.status)).toEqual(["aborted", "skipped"]);
      expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("interrupted");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
