import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { removeStaleTemporaries, writeFileAtomic } from "./atomic.js";
import { OutputError } from "./errors.js";
import { TEST_PAUSE_ENV } from "./test-pause.js";

const dir = mkdtempSync(join(tmpdir(), "output-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** Resolves when the child prints the pause marker on stderr. */
function paused(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
      if (err.includes("langevin test pause:")) resolve();
    });
    child.on("exit", () => reject(new Error(`exited before pausing: ${err}`)));
  });
}

describe("writeFileAtomic", () => {
  it("replaces a file with a string, bytes or chunks and leaves no temporary file", () => {
    const path = join(dir, "a.txt");
    writeFileAtomic(path, "one");
    writeFileAtomic(path, new TextEncoder().encode("two"));
    expect(readFileSync(path, "utf8")).toBe("two");
    writeFileAtomic(path, ["th", new TextEncoder().encode("r"), "ee"]);
    expect(readFileSync(path, "utf8")).toBe("three");
    expect(readdirSync(dir)).toEqual(["a.txt"]);
  });
  it("names --out on a file-system error and keeps the old file when the body fails midway", () => {
    const e = (() => {
      try {
        writeFileAtomic(join(dir, "missing", "x.json"), "{}");
      } catch (err) {
        return err as OutputError;
      }
    })();
    expect(e).toBeInstanceOf(OutputError);
    expect(e?.message).toBe(
      `--out: cannot write ${join(dir, "missing", "x.json")}: no such file or folder (ENOENT)`,
    );
    const path = join(dir, "keep.txt");
    writeFileSync(path, "complete");
    function* failing() {
      yield "x".repeat(2 << 20);
      throw new RangeError("a bug in the producer");
    }
    expect(() => writeFileAtomic(path, failing())).toThrow(RangeError);
    expect(readFileSync(path, "utf8")).toBe("complete");
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
  it("a process killed mid-write leaves the previous file whole; the next writer clears its leftovers", async () => {
    const path = join(dir, "results.json");
    writeFileAtomic(path, '{"run":"previous"}');
    // The child writes 3 MiB in chunks and stops after the first 1 MiB flush (LANGEVIN_TEST_PAUSE),
    // so the kill lands mid-write by construction, not by timing.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `import(process.argv[1]).then((m) => m.writeFileAtomic(process.argv[2], (function* () { for (let i = 0; i < 3; i++) yield "x".repeat(1 << 20); })()))`,
        entry,
        path,
      ],
      {
        env: { ...process.env, [TEST_PAUSE_ENV]: "write:results.json" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    await paused(child);
    child.kill("SIGKILL");
    await new Promise((r) => child.on("close", r));
    expect(readFileSync(path, "utf8")).toBe('{"run":"previous"}');
    const leftovers = readdirSync(dir).filter((n) => n.startsWith(".results.json."));
    expect(leftovers).toHaveLength(1);
    expect(readFileSync(join(dir, leftovers[0]), "utf8")).toHaveLength(1 << 20);
    removeStaleTemporaries(path);
    expect(readdirSync(dir).filter((n) => n.startsWith(".results.json."))).toEqual([]);
  });
});
