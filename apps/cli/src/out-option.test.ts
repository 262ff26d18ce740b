/**
 * `--out FILE` end to end, on the built binary: the destination is checked and locked before the
 * solver runs, and written atomically after it. The concurrency test holds the first run at a named
 * point (LANGEVIN_TEST_PAUSE: it prints a marker and blocks) and acts only after the marker, so no
 * step depends on timing.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, langevin } from "./test/run.js";

const dir = mkdtempSync(join(tmpdir(), "cli-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A problem whose solve fails with its own message (log of a negative number): when --out is bad,
// seeing the --out message instead proves the destination was checked before the solve.
const failing = [
  "fp",
  "stationary",
  "--potential",
  "log(x)",
  "--beta",
  "1",
  "--domain",
  "-1:1",
  "--cells",
  "10",
];
const critical = (near: string) => ["critical", "--potential", "(x^2-1)^2 + y^2", "--near", near];

describe("--out is checked before the work", () => {
  it("refuses a path through a file, /proc, /dev/null and a folder with exit 2 and a message naming --out", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    mkdirSync(join(dir, "a-folder"));
    for (const [out, why] of [
      [join(file, "x.json"), `${join(file, "x.json")}: ${file} is a file, not a folder`],
      ["/proc/langevin.json", "/proc/langevin.json: /proc is on a special file system (proc)"],
      ["/dev/null", "/dev/null is a character device, not a regular file"],
      [join(dir, "a-folder"), `${join(dir, "a-folder")} is a folder, not a regular file`],
    ]) {
      const r = langevin([...failing, "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`langevin fp stationary: --out: ${why}`);
      expect(r.stderr).not.toContain("NaN");
    }
  });
  it("creates missing folders of a new file", () => {
    const out = join(dir, "new", "sub", "c.json");
    expect(langevin([...critical("0.2,0.1"), "--out", out]).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).index).toBe(1);
  });
  it("a full disk while writing: exit 2 naming --out, the previous file kept, no temporary file left", () => {
    const out = join(dir, "full.json");
    writeFileSync(out, "previous");
    // `ulimit -f 256` (KiB): the 64 KiB probe passes, the ~1.5 MB density fails with EFBIG like a
    // full disk with ENOSPC, for root too.
    const args = ["fp", "stationary", "--potential", "(x^2-1)^2", "--beta", "3", "--domain", "-2.5:2.5"];
    const r = spawnSync(
      "bash",
      [
        "-c",
        'ulimit -f 256; exec "$0" "$@"',
        process.execPath,
        BIN,
        ...args,
        "--cells",
        "20000",
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `langevin fp stationary: --out: cannot write ${out}: the file is larger than the file-size limit allows (ulimit -f) (EFBIG)\n`,
    );
    expect(readFileSync(out, "utf8")).toBe("previous");
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp") || n.endsWith(".lock"))).toEqual([]);
  });
});

describe("two runs into one --out", () => {
  it("refuses the second while the first writes, keeps the old file when the first is killed, recovers its stale lock", async () => {
    const out = join(dir, "c.json");
    expect(langevin([...critical("0.2,0.1"), "--out", out]).code).toBe(0);
    const before = readFileSync(out, "utf8");

    // Another problem (the minimum near (1, 0)), held after its output is written to the temporary
    // file and before the rename.
    const held = spawn(process.execPath, [BIN, ...critical("0.9,0.1"), "--out", out], {
      env: { ...process.env, LANGEVIN_TEST_PAUSE: "write:c.json" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      let err = "";
      held.stderr.on("data", (d) => {
        err += d;
        if (err.includes("langevin test pause: write:c.json")) resolve();
      });
      held.on("close", () => reject(new Error(`exited before pausing: ${err}`)));
    });
    const second = langevin([...critical("0.2,0.1"), "--out", out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(`^langevin critical: --out: ${out} is in use by another run \\(pid ${held.pid}, started `),
    );

    held.kill("SIGKILL");
    await new Promise((r) => held.on("close", r));
    expect(readFileSync(out, "utf8")).toBe(before);
    expect(readdirSync(dir).some((n) => n.startsWith(".c.json.") && n.endsWith(".tmp"))).toBe(true);

    const third = langevin([...critical("0.9,0.1"), "--out", out]);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(`removed the stale lock of pid ${held.pid} (that run is gone)`);
    expect(JSON.parse(readFileSync(out, "utf8")).index).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith(".c.json.") || n === "c.json.lock")).toEqual([]);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});

describe("large results", () => {
  it("--bins 2000x2000 writes its 4·10⁶-bin histogram as valid JSON (it overflowed the stack in toJson)", () => {
    const out = join(dir, "hist.json");
    const r = langevin([
      "sde",
      "--drift",
      "-x;-y",
      "--diffusion",
      "1;1",
      "--x0",
      "0,0",
      "--t1",
      "0.05",
      "--dt",
      "0.01",
      "--paths",
      "1000",
      "--histogram",
      "-3:3,-3:3",
      "--bins",
      "2000x2000",
      "--out",
      out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const h = JSON.parse(readFileSync(out, "utf8")).histogram;
    expect(h.density).toHaveLength(4_000_000);
    expect(h.counts.reduce((a: number, b: number) => a + b, 0) + h.outside).toBe(1000);
  });
});
