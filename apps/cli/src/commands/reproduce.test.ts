import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
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
});
