import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type LockHolder, OutputLockedError } from "./errors.js";
import { lockOutput } from "./lock.js";
import { TEST_PAUSE_ENV } from "./test-pause.js";

const dir = mkdtempSync(join(tmpdir(), "output-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

function holder(over: Partial<LockHolder>): string {
  return JSON.stringify({
    pid: process.pid,
    host: hostname(),
    started: "2026-01-01T00:00:00.000Z",
    command: "old run",
    token: "old",
    procStart: null,
    ...over,
  });
}

function refusal(path: string): OutputLockedError {
  try {
    lockOutput(path, { target: "out" }).release();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputLockedError);
    return e as OutputLockedError;
  }
  throw new Error("expected the lock to be refused");
}

describe("lockOutput", () => {
  it("refuses a second holder while the first lives, naming the folder and the pid; free again after release", () => {
    const path = join(dir, "a.lock");
    const lock = lockOutput(path, { target: "out" });
    const e = refusal(path);
    expect(e.message).toMatch(
      new RegExp(
        `^--out: out is in use by another run \\(pid ${process.pid}, started .*\\); wait for it to finish`,
      ),
    );
    expect(e.message).toContain(`(the lock is ${path})`);
    expect(e.holder?.pid).toBe(process.pid);
    lock.assertHeld();
    lock.release();
    expect(existsSync(path)).toBe(false);
    expect(() => lock.assertHeld()).toThrow(/lost the lock/);
    lockOutput(path, { target: "out" }).release();
  });
  it("takes over a stale lock whose process is gone", () => {
    // The child has exited and been reaped when spawnSync returns: its pid names no process.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const path = join(dir, "b.lock");
    writeFileSync(path, holder({ pid: dead }));
    const stale: number[] = [];
    const lock = lockOutput(path, { target: "out", onStale: (h) => stale.push(h.pid) });
    expect(stale).toEqual([dead]);
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });
  it("takes over a lock whose pid now belongs to a later process (Linux start time differs)", () => {
    const path = join(dir, "c.lock");
    writeFileSync(path, holder({ procStart: "1" }));
    const stale: number[] = [];
    lockOutput(path, { target: "out", onStale: (h) => stale.push(h.pid) }).release();
    expect(stale).toEqual([process.pid]);
  });
  it("never judges a lock of another host stale, and refuses an unreadable lock with instructions", () => {
    const path = join(dir, "d.lock");
    writeFileSync(path, holder({ host: "elsewhere" }));
    expect(refusal(path).message).toContain(`(pid ${process.pid} on elsewhere, started`);
    writeFileSync(path, "");
    expect(refusal(path).message).toBe(
      `--out: out is locked by ${path}, which cannot be read; delete it if no run is writing there`,
    );
  });
  it("is released when the process exits, and left stale when it is killed", async () => {
    const path = join(dir, "e.lock");
    const exits = spawnSync(process.execPath, [
      "-e",
      `import(process.argv[1]).then((m) => { m.lockOutput(process.argv[2], { target: "out" }); process.exit(3); })`,
      entry,
      path,
    ]);
    expect(exits.status).toBe(3);
    expect(existsSync(path)).toBe(false);
    // This child takes the lock and blocks at the pause point until killed: the refusal below
    // happens while it certainly holds the lock, the takeover after it certainly died.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `import(process.argv[1]).then((m) => { m.lockOutput(process.argv[2], { target: "out" }); m.testPauseSync("locked"); })`,
        entry,
        path,
      ],
      { env: { ...process.env, [TEST_PAUSE_ENV]: "locked" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    await new Promise<void>((resolve) => {
      let err = "";
      child.stderr.on("data", (d) => {
        err += d;
        if (err.includes("langevin test pause: locked")) resolve();
      });
    });
    expect(refusal(path).holder?.pid).toBe(child.pid);
    child.kill("SIGKILL");
    await new Promise((r) => child.on("close", r));
    const stale: number[] = [];
    lockOutput(path, { target: "out", onStale: (h) => stale.push(h.pid) }).release();
    expect(stale).toEqual([child.pid]);
  });
});
