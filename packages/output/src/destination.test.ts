import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { prepareFile, prepareFolder } from "./destination.js";
import { OutputError } from "./errors.js";

const dir = mkdtempSync(join(tmpdir(), "output-dest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(f: () => unknown): OutputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputError);
    return e as OutputError;
  }
  throw new Error("expected an OutputError");
}

describe("prepareFolder", () => {
  it("creates a missing folder and its parents, and leaves no probe behind", () => {
    const deep = join(dir, "a", "b", "c");
    expect(prepareFolder(deep, "--out")).toBe(deep);
    expect(readdirSync(deep)).toEqual([]);
  });
  it("refuses a path through a file, naming --out and the file (root cannot write there either)", () => {
    const file = join(dir, "plain.txt");
    writeFileSync(file, "x");
    const e = refusal(() => prepareFolder(join(file, "sub"), "--out"));
    expect(e.message).toBe(`--out: ${join(file, "sub")}: ${file} is a file, not a folder`);
    expect(e.argument).toBe("--out");
    expect(refusal(() => prepareFolder(file, "--out")).message).toBe(
      `--out: ${file} is a file, not a folder`,
    );
  });
  it("refuses /proc and /sys at once (Node's recursive mkdir would spin on /proc for good)", () => {
    expect(refusal(() => prepareFolder("/proc/langevin-out/x", "--out")).message).toBe(
      "--out: /proc/langevin-out/x: /proc is on a special file system (proc) that stores no files; choose a folder on a disk",
    );
    expect(refusal(() => prepareFolder("/sys/langevin-out", "--out")).message).toContain("(sysfs)");
    expect(refusal(() => prepareFolder(" ", "--out")).message).toBe("--out: the path is empty");
  });
  it("finds a full disk before the work: the probe write fails under a 32 KiB file-size limit", () => {
    // `ulimit -f 32` (KiB in bash) makes every write past 32 KiB fail with EFBIG, as a full disk fails
    // with ENOSPC; the 64 KiB probe must hit it, for root too.
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const r = spawnSync(
      "bash",
      [
        "-c",
        `ulimit -f 32; exec "${process.execPath}" -e 'import(process.argv[1]).then((m) => { try { m.prepareFolder(process.argv[2], "--out"); } catch (e) { console.log(e.name + ": " + e.message); } })' "${entry}" "${join(dir, "full")}"`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(
      `OutputError: --out: cannot write into ${join(dir, "full")}: the file is larger than the file-size limit allows (ulimit -f) (EFBIG)`,
    );
    expect(readdirSync(join(dir, "full"))).toEqual([]);
  });
});

describe("prepareFile", () => {
  it("accepts a new file in a new folder, and an existing regular file", () => {
    const target = join(dir, "new", "ss.json");
    expect(prepareFile(target, "--out")).toBe(target);
    writeFileSync(target, "{}");
    expect(prepareFile(target, "--out")).toBe(target);
  });
  it("writes through a symbolic link to the file it points at", () => {
    const real = join(dir, "real.json");
    writeFileSync(real, "{}");
    const link = join(dir, "link.json");
    symlinkSync(real, link);
    expect(prepareFile(link, "--out")).toBe(real);
  });
  it("refuses what is not a regular file: /dev/null, a folder, a file inside a file, /proc", () => {
    expect(refusal(() => prepareFile("/dev/null", "--out")).message).toBe(
      "--out: /dev/null is a character device, not a regular file (leave out the option to write to standard output)",
    );
    mkdirSync(join(dir, "folder"));
    expect(refusal(() => prepareFile(join(dir, "folder"), "--out")).message).toBe(
      `--out: ${join(dir, "folder")} is a folder, not a regular file`,
    );
    const file = join(dir, "plain2.txt");
    writeFileSync(file, "x");
    expect(refusal(() => prepareFile(join(file, "x.json"), "--out")).message).toContain(
      `${file} is a file, not a folder`,
    );
    expect(refusal(() => prepareFile("/proc/x.json", "--out")).message).toContain(
      "special file system (proc)",
    );
  });
});
