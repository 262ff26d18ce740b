import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { shardFile } from "../shard-file.js";
import { langevin, stderrLines } from "../test/run.js";

// Two shards of a small run with every observer the CLI writes (moments, time moments, histogram,
// first passage): 2100 paths are three reduction blocks of 1024, split 1 + 2.
const run = [
  "sde",
  "--potential",
  "x^2/2",
  "--beta",
  "1",
  "--x0",
  "0.5",
  "--t1",
  "0.5",
  "--dt",
  "0.05",
].concat(["--paths", "2100", "--histogram", "-2:2", "--bins", "8", "--exit", "x > 1", "--seed", "3"]);
const dir = mkdtempSync(join(tmpdir(), "langevin-merge-"));
const p0 = join(dir, "p0.json");
const p1 = join(dir, "p1.json");
// biome-ignore lint/suspicious/noExplicitAny: shard JSON to tamper with
type Json = any;
const read = (file: string): Json => JSON.parse(readFileSync(file, "utf8"));
/** Writes a changed shard; `resign` recomputes the checksum, as a writer with a bug would. */
function tampered(name: string, change: (j: Json) => void, resign = true): string {
  const j = read(p1);
  change(j);
  const { format: _f, version: _v, checksum: _c, ...content } = j;
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(resign ? shardFile(content) : j));
  return file;
}
function refused(file: string): string {
  const r = langevin(["merge", p0, file]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = stderrLines(r);
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe("langevin merge checks every shard file", () => {
  beforeAll(() => {
    expect(langevin([...run, "--shard", "0/2", "--out", p0]).code).toBe(0);
    expect(langevin([...run, "--shard", "1/2", "--out", p1]).code).toBe(0);
  });

  it("merges the two shards it wrote (the checksum verifies)", () => {
    const r = langevin(["merge", p0, p1]);
    expect(r.code).toBe(0);
    expect(r.json().paths).toBe(2100);
    expect(read(p0).checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("a null mean is refused naming the file and the field (it used to merge as 0, exit 0)", () => {
    const change = (j: Json) => {
      j.result.observers.moments.nodes[0].state[0].mean[0] = null;
    };
    // edited by hand: the checksum no longer matches
    expect(refused(tampered("edited.json", change, false))).toMatch(
      /^langevin merge: .*edited\.json: checksum: the content does not match .* changed or damaged after it was written$/,
    );
    // written so by a faulty writer, checksum and all: the field check names it
    expect(refused(tampered("null.json", change))).toBe(
      `langevin merge: ${join(dir, "null.json")}: result.observers.moments.nodes[0].state[0].mean[0]: must be a number, got null (how JSON writes NaN and ±Infinity)`,
    );
  });

  it("the time averages' state (RunningVariances) is checked field by field", () => {
    const state = "result.observers.timeMoments.nodes[0].state";
    // a version 3 state of main's line (RunningMoments: a q × q comoment instead of m2)
    expect(
      refused(
        tampered("comoment.json", (j) => {
          const s = j.result.observers.timeMoments.nodes[0].state;
          s.comoment = [s.m2[0], 0, 0, s.m2[1]];
          delete s.m2;
        }),
      ),
    ).toBe(
      `langevin merge: ${join(dir, "comoment.json")}: ${state}.m2: must be an array, got nothing (the field is missing)`,
    );
    expect(
      refused(
        tampered("m2.json", (j) => {
          j.result.observers.timeMoments.nodes[0].state.m2[1] = -1;
        }),
      ),
    ).toMatch(
      /m2\.json: result\.observers\.timeMoments\.nodes\[0\]\.state\.m2\[1\]: a sum of squared deviations must be >= 0, got -1$/,
    );
    // one time-averaged quantity fewer than x and x² of the run's one variable
    expect(
      refused(
        tampered("dim.json", (j) => {
          const s = j.result.observers.timeMoments.nodes[0].state;
          s.dim = 1;
          s.mean.pop();
          s.m2.pop();
        }),
      ),
    ).toMatch(/dim\.json: result\.observers\.timeMoments\.nodes\[0\]\.state\.dim: is 1, expected 2$/);
  });

  it("older versions are refused with the reason (version 3: no checksum, or the O(d⁴) state)", () => {
    const v3 = join(dir, "v3.json");
    writeFileSync(v3, JSON.stringify({ ...read(p1), version: 3 }));
    expect(refused(v3)).toBe(
      `langevin merge: ${v3} is a version 3 shard file (without a checksum, or with the O(d⁴) time-average state of RunningMoments); this langevin writes and merges version 4 (re-run the shards)`,
    );
  });

  it("a shard without args (an internal error before) names the field", () => {
    expect(
      refused(
        tampered("noargs.json", (j) => {
          delete j.args;
        }),
      ),
    ).toBe(
      `langevin merge: ${join(dir, "noargs.json")}: args: must be an object, got nothing (the field is missing)`,
    );
  });

  it("types, lengths and consistency with the run and the other shard", () => {
    expect(
      refused(
        tampered("paths.json", (j) => {
          j.args.paths = "2100";
        }),
      ),
    ).toMatch(/paths\.json: args\.paths: must be a finite number, got "2100"$/);
    expect(
      refused(
        tampered("hist.json", (j) => {
          j.result.observers.histogram.nodes[0].state.counts.pop();
        }),
      ),
    ).toMatch(
      /hist\.json: result\.observers\.histogram\.nodes\[0\]\.state\.counts: must have 8 entries, got 7$/,
    );
    // a file claiming to be shard 0/2 as well as p0.json
    expect(
      refused(
        tampered("twin.json", (j) => {
          j.shards[0].index = 0;
        }),
      ),
    ).toMatch(/p0\.json and .*twin\.json both hold shard 0\/2/);
    // the run's facts in the result must be the options' (here the seed)
    expect(
      refused(
        tampered("seed.json", (j) => {
          j.result.meta.seed = "4";
        }),
      ),
    ).toMatch(/seed\.json: result\.meta\.seed: is 4, the run's options give 3$/);
    // shards of a different split
    expect(
      refused(
        tampered("count.json", (j) => {
          j.shards[0].count = 3;
        }),
      ),
    ).toMatch(/count\.json: shards\[0\]\.count: is 3, but .*p0\.json is a shard of 2$/);
  });
});
