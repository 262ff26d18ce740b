import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

const PKG = fileURLToPath(new URL("../..", import.meta.url));
const APP = fileURLToPath(new URL("../../../chaudhari-soatto/dist/main.js", import.meta.url));

describe("langevin reproduce", () => {
  it("passes its arguments to the reproduction app in the repository checkout", () => {
    const r = langevin(["reproduce", "--", "--help"]);
    if (existsSync(APP)) {
      // The app's own help, and its exit code.
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/usage/i);
    } else {
      // The app is not built (e.g. a fresh checkout where only the CLI was built).
      expect(r.code).toBe(2);
      expect(stderrLines(r)[0]).toMatch(/only available in the repository checkout/);
    }
  });

  it("outside the repository it says the app is only available in the repository checkout", () => {
    // The CLI's dist in a folder without apps/chaudhari-soatto next to it (as after a global install).
    const root = mkdtempSync(join(tmpdir(), "langevin-installed-"));
    const cli = join(root, "lib", "cli");
    mkdirSync(cli, { recursive: true });
    cpSync(join(PKG, "dist"), join(cli, "dist"), { recursive: true });
    cpSync(join(PKG, "package.json"), join(cli, "package.json"));
    symlinkSync(join(PKG, "node_modules"), join(cli, "node_modules"), "dir");
    const r = spawnSync(process.execPath, [join(cli, "dist", "bin.js"), "reproduce"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/only available in the repository checkout/);
  });

  it("passes SIGTERM on to the app, waits for its partial report and exits with 143", async () => {
    // LANGEVIN_TEST_PAUSE holds the app at the start of example-19 (it prints its pid and waits), so
    // the signal reaches the CLI exactly while the app runs, whatever the machine's speed.
    expect(existsSync(APP)).toBe(true);
    const out = mkdtempSync(join(tmpdir(), "langevin-reproduce-"));
    let app = 0;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      const child = spawn(
        process.execPath,
        [
          join(PKG, "dist", "bin.js"),
          "reproduce",
          "--",
          "--only",
          "example-19",
          "--test",
          "--quiet",
          "--out",
          out,
        ],
        {
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...process.env, LANGEVIN_TEST_PAUSE: "experiment:example-19" },
        },
      );
      let err = "";
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      app = await new Promise<number>((resolve, reject) => {
        child.stderr.on("data", (d) => {
          err += d;
          const m = /langevin test pause: experiment:example-19 \(pid (\d+)\)/.exec(err);
          if (m) resolve(Number(m[1]));
        });
        child.on("close", () => reject(new Error(`the CLI ended before the app paused: ${err}`)));
      });
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      // The CLI returned only after the app had ended, and the app got the signal (not a kill): it
      // wrote its partial report first.
      expect(alive(app)).toBe(false);
      const json = JSON.parse(readFileSync(join(out, "partial", "results.json"), "utf8"));
      expect(json.partial).toBe(true);
    } finally {
      if (app && alive(app)) process.kill(app, "SIGKILL");
      rmSync(out, { recursive: true, force: true });
    }
  });
});
