import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutputLockedError } from "./errors.js";
import { RunFolder } from "./run-folder.js";

const root = mkdtempSync(join(tmpdir(), "output-runs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A run that writes a pair of files naming itself, committed complete or partial. */
function run(dir: string, partial: boolean): string {
  const r = RunFolder.open(dir);
  r.write("report.html", `<meta name="langevin-run" content="${r.id}">`);
  r.write("results.json", JSON.stringify({ runId: r.id, partial }));
  r.commit({ partial });
  return r.id;
}

const read = (path: string) => readFileSync(path, "utf8");
const runs = (dir: string) => readdirSync(join(dir, "runs")).sort();

describe("RunFolder", () => {
  it("publishes a complete run under the stable names in one switch, keeping the one before", () => {
    const dir = join(root, "complete");
    const a = run(dir, false);
    expect(readlinkSync(join(dir, "current"))).toBe(`runs/${a}`);
    expect(readlinkSync(join(dir, "report.html"))).toBe("current/report.html");
    expect(JSON.parse(read(join(dir, "results.json"))).runId).toBe(a);
    const b = run(dir, false);
    expect(read(join(dir, "report.html"))).toContain(b);
    expect(JSON.parse(read(join(dir, "results.json"))).runId).toBe(b);
    expect(runs(dir)).toEqual([a, b].sort());
    const c = run(dir, false);
    expect(runs(dir)).toEqual([b, c].sort());
    expect(readdirSync(dir).sort()).toEqual(["current", "report.html", "results.json", "runs"]);
  });
  it("puts an interrupted run beside the complete one, which a later complete run supersedes", () => {
    const dir = join(root, "partial");
    const a = run(dir, false);
    const p = run(dir, true);
    expect(JSON.parse(read(join(dir, "results.json"))).runId).toBe(a);
    expect(JSON.parse(read(join(dir, "partial", "results.json")))).toEqual({ runId: p, partial: true });
    const b = run(dir, false);
    expect(existsSync(join(dir, "partial"))).toBe(false);
    expect(runs(dir)).toEqual([a, b].sort());
  });
  it("refuses a second run while one is open; abandon keeps the published run and frees the folder", () => {
    const dir = join(root, "abandon");
    const a = run(dir, false);
    const open = RunFolder.open(dir);
    open.write("results.json", "{}");
    expect(() => RunFolder.open(dir)).toThrow(OutputLockedError);
    open.abandon();
    expect(runs(dir)).toEqual([a]);
    expect(JSON.parse(read(join(dir, "results.json"))).runId).toBe(a);
    run(dir, false);
  });
  it("removes, at the next commit, the folder of a run that died before committing", () => {
    const dir = join(root, "dead");
    const a = run(dir, false);
    mkdirSync(join(dir, "runs", "20260101T000000Z-1-deadbeef"));
    const b = run(dir, false);
    expect(runs(dir)).toEqual([a, b].sort());
  });
});
